package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerStatus;
import pekkolb.router.Failure;
import pekkolb.router.LoadBalancer;
import pekkolb.router.Retries;

/**
 * Routees on another node, found through the cluster Receptionist: two ActorSystems in this JVM, each
 * on a free port of 127.0.0.1, joined into one cluster. The balancer runs on node A, routees on node B;
 * requests and replies cross between them (the balancer's reply address in each request included).
 */
class ClusterTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A cluster node on a port the system picks (0: a free one), with the tests' own types bound to their serializer. */
  private static final Config NODE = ConfigFactory.parseString("""
      pekko.actor.provider = cluster
      pekko.remote.artery.canonical.hostname = 127.0.0.1
      pekko.remote.artery.canonical.port = 0
      pekko.cluster.jmx.multi-mbeans-in-same-jvm = on
      pekko.actor.serializers.example = "example.ExampleSerializer"
      pekko.actor.serialization-bindings {
        "example.Work" = example
        "example.Done" = example
      }
      """);

  private ActorTestKit nodeA;
  private ActorTestKit nodeB;

  @BeforeEach
  void joinTwoNodes() {
    nodeA = ActorTestKit.create("ClusterTest", NODE);
    nodeB = ActorTestKit.create("ClusterTest", NODE);
    Cluster a = Cluster.get(nodeA.system());
    Cluster b = Cluster.get(nodeB.system());
    a.manager().tell(Join.create(a.selfMember().address()));
    b.manager().tell(Join.create(a.selfMember().address()));
    TestProbe<Void> probe = nodeA.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      for (Cluster c : Set.of(a, b)) {
        long up = StreamSupport.stream(c.state().getMembers().spliterator(), false)
            .filter(m -> m.status() == MemberStatus.up()).count();
        assertEquals(2, up, "both nodes up, as " + c.selfMember().address() + " sees it");
      }
      return null;
    });
  }

  @AfterEach
  void shutdown() {
    if (nodeB != null) nodeB.shutdownTestKit();
    if (nodeA != null) nodeA.shutdownTestKit();
  }

  private static Done failed(Work w, Failure f) {
    return new Done(w.payload(), null, f.reason().name());
  }

  @Test
  void requestsToABalancerOnOneNodeAreAnsweredByRouteesOnAnother() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "remote");
    nodeB.spawn(Workers.prompt(key), "worker-1");
    nodeB.spawn(Workers.prompt(key), "worker-2");
    ActorRef<Work> balancer = nodeA.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo).build());
    Statuses.awaitRoutable(nodeA, balancer, 2);
    TestProbe<Done> caller = nodeA.createTestProbe();
    for (int i = 0; i < 10; i++) balancer.tell(new Work("job-" + i, caller.getRef()));
    Set<String> payloads = new HashSet<>();
    Set<String> by = new HashSet<>();
    for (Done d : caller.receiveSeveralMessages(10, WAIT)) {
      payloads.add(d.payload());
      by.add(d.by());
    }
    assertEquals(10, payloads.size(), "each request answered once");
    assertEquals(Set.of("worker-1", "worker-2"), by, "both routees of node B");
    assertEquals(0, Statuses.of(nodeA, balancer).held(), "every reply came back through the balancer");
  }

  @Test
  void anIdempotentRequestWhoseRouteeOnTheOtherNodeStopsIsAnsweredOnThisNode() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "remote-quitter");
    nodeB.spawn(Workers.quitter(key), "worker-1"); // first in the routees' order, so round robin tries it first
    nodeA.spawn(Workers.prompt(key), "worker-2");
    ActorRef<Work> balancer = nodeA.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withIdempotentRetries(Retries.defaults())
        .withFailureReply(ClusterTest::failed)
        .build());
    Statuses.awaitRoutable(nodeA, balancer, 2);
    TestProbe<Done> caller = nodeA.createTestProbe();
    balancer.tell(new Work("x", caller.getRef()));
    Done reply = caller.receiveMessage(WAIT);
    assertEquals("x", reply.payload());
    assertEquals("worker-2", reply.by(), "the routee of node A, after node B's stopped in mid-request");
    balancer.tell(new Work("y", caller.getRef()));
    assertEquals("y", caller.receiveMessage(WAIT).payload(), "one reply to x, then y's");
  }

  @Test
  void whenTheOtherNodeLeavesARequestNotIdempotentGetsTheDocumentedFailure() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "leaving");
    nodeB.spawn(Workers.silent(key), "worker-1");
    ActorRef<Work> balancer = nodeA.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withFailureReply(ClusterTest::failed)
        .build());
    Statuses.awaitRoutable(nodeA, balancer, 1);
    TestProbe<Done> caller = nodeA.createTestProbe();
    balancer.tell(new Work("x", caller.getRef()));
    TestProbe<BalancerStatus> status = nodeA.createTestProbe();
    status.awaitAssert(WAIT, () -> {
      LoadBalancer.getStatus(balancer, status.getRef());
      assertEquals(1, status.receiveMessage().inFlight(), "x is at node B's routee");
      return null;
    });
    Cluster b = Cluster.get(nodeB.system());
    b.manager().tell(Leave.create(b.selfMember().address()));
    Done reply = caller.receiveMessage(WAIT);
    assertEquals("x", reply.payload());
    assertEquals(Failure.Reason.ROUTEE_LOST.name(), reply.failure());
    assertNotEquals("worker-1", reply.by());
  }
}
