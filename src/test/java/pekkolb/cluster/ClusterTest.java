package pekkolb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.broker.Broker;
import pekkolb.broker.NoOtherAnswer;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;

/**
 * A real cluster in one JVM: a broker node and two worker nodes (Worker-1, Worker-2), each its own
 * ActorSystem on a free Artery port, with every message between them going through CBOR. Jobs run
 * at time scale 0.1 (Short 100 ms, Long 3 s) in real time: time cannot be driven by hand across
 * several systems.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterTest {
  // A Long job takes 3 s here: long enough to still be running when a node is shut down.
  private final Map<String, Object> fast = Map.of("lb.time-scale", 0.1, "lb.jobs.long", "30s", "lb.broker.log-jobs", "off");
  private final LbSettings settings = TestSettings.settings(fast);

  private ActorTestKit brokerNode;
  private ActorTestKit workerNode1;
  private ActorTestKit workerNode2;
  private ActorRef<BrokerMessage> broker;

  private Config node(ClusterConfig.Role role) {
    return ClusterConfig.forNode(role, "127.0.0.1", 0, List.of(), TestSettings.config(fast));
  }

  @BeforeEach
  void startCluster() {
    brokerNode = ActorTestKit.create(ClusterConfig.SYSTEM_NAME, node(ClusterConfig.Role.BROKER));
    Cluster brokerCluster = Cluster.get(brokerNode.system());
    brokerCluster.manager().tell(Join.create(brokerCluster.selfMember().address()));
    broker = brokerNode.spawn(Broker.create(settings), "broker");

    workerNode1 = ActorTestKit.create(ClusterConfig.SYSTEM_NAME, node(ClusterConfig.Role.WORKER));
    workerNode2 = ActorTestKit.create(ClusterConfig.SYSTEM_NAME, node(ClusterConfig.Role.WORKER));
    for (ActorTestKit w : List.of(workerNode1, workerNode2)) {
      Cluster.get(w.system()).manager().tell(Join.create(brokerCluster.selfMember().address()));
    }
    workerNode1.spawn(WorkerNode.create(settings, List.of("Worker-1")), "node");
    workerNode2.spawn(WorkerNode.create(settings, List.of("Worker-2")), "node");
    awaitWorkers(2);
  }

  @AfterEach
  void stopCluster() {
    for (ActorTestKit kit : new ActorTestKit[] {workerNode2, workerNode1, brokerNode}) {
      if (kit != null && !kit.system().whenTerminated().isCompleted()) kit.shutdownTestKit();
    }
  }

  private void awaitWorkers(int n) {
    TestProbe<Stats> probe = brokerNode.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(n, probe.receiveMessage().routableWorkers());
      return null;
    });
  }

  /** The broker as a node other than its own sees it: through the cluster Receptionist. */
  private ActorRef<BrokerMessage> brokerSeenFrom(ActorTestKit node) {
    TestProbe<Receptionist.Listing> probe = node.createTestProbe();
    return probe.awaitAssert(Duration.ofSeconds(30), () -> {
      node.system().receptionist().tell(Receptionist.find(ServiceKeys.BROKER, probe.ref()));
      Set<ActorRef<BrokerMessage>> found = probe.receiveMessage().getServiceInstances(ServiceKeys.BROKER);
      assertEquals(1, found.size());
      return found.iterator().next();
    });
  }

  @Test
  void bothApproachesRouteAcrossTheNodes() {
    ActorRef<BrokerMessage> remoteBroker = brokerSeenFrom(workerNode1); // Submit and replies cross JVM boundaries
    TestProbe<Reply> client = workerNode1.createTestProbe();
    for (String approach : List.of("round_robin", "least_connections")) {
      for (int i = 0; i < 4; i++) remoteBroker.tell(new Submit(i, "Short", approach, -1, client.ref()));
      Set<String> workers = new HashSet<>();
      for (Reply r : client.receiveSeveralMessages(4, Duration.ofSeconds(30))) {
        Response response = assertInstanceOf(Response.class, r);
        assertEquals(approach, response.approach());
        workers.add(response.worker());
      }
      assertEquals(Set.of("Worker-1", "Worker-2"), workers, approach + " used both nodes");
    }
  }

  @Test
  void aWorkerNodeTerminatedWithJobsInFlightLosesNoJob() {
    TestProbe<Reply> client = brokerNode.createTestProbe();
    for (long id = 1; id <= 6; id++) broker.tell(new Submit(id, "Long", "round_robin", -1, client.ref()));
    TestProbe<Stats> stats = brokerNode.createTestProbe();
    broker.tell(new GetStats(stats.ref()));
    assertEquals(6, stats.receiveMessage().inFlight());

    workerNode2.shutdownTestKit(); // three Long jobs were on Worker-2

    Map<Long, String> answeredBy = new HashMap<>();
    for (Reply r : client.receiveSeveralMessages(6, Duration.ofSeconds(60))) {
      Response response = assertInstanceOf(Response.class, r);
      assertTrue(answeredBy.put(response.requestId(), response.worker()) == null, "answered once");
    }
    assertEquals(6, answeredBy.size());
    // Worker-2 went away before its jobs were done: Worker-1 ran its own three and Worker-2's three.
    assertEquals(Set.of("Worker-1"), new HashSet<>(answeredBy.values()));
    NoOtherAnswer.check(brokerNode, broker, client);
  }
}
