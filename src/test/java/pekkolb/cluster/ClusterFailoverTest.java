package pekkolb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.broker.Broker;
import pekkolb.client.BrokerPool;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;

/**
 * Two brokers, three workers and a client node, each its own ActorSystem over Artery in this JVM.
 * A broker's system is terminated while jobs are in flight there: the client's pool re-submits them
 * to the other broker, and every request is answered exactly once.
 */
@ExtendWith(LogCapturingExtension.class)
class ClusterFailoverTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  // A Long job takes 3 s: still running when the broker goes.
  private final Map<String, Object> fast = Map.of("lb.time-scale", 0.1, "lb.jobs.long", "30s");
  private final LbSettings settings = TestSettings.settings(fast);
  private final List<ActorTestKit> nodes = new java.util.ArrayList<>();

  private ActorTestKit node(ClusterConfig.Role role) {
    ActorTestKit kit = ActorTestKit.create(ClusterConfig.SYSTEM_NAME,
        ClusterConfig.forNode(role, "127.0.0.1", 0, List.of(), TestSettings.config(fast)));
    Cluster cluster = Cluster.get(kit.system());
    cluster.manager().tell(Join.create(nodes.isEmpty() ? cluster.selfMember().address()
        : Cluster.get(nodes.get(0).system()).selfMember().address()));
    nodes.add(kit);
    return kit;
  }

  @AfterEach
  void stop() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (!nodes.get(i).system().whenTerminated().isCompleted()) nodes.get(i).shutdownTestKit();
    }
  }

  private static Stats stats(ActorTestKit node, ActorRef<BrokerMessage> broker) {
    TestProbe<Stats> probe = node.createTestProbe();
    broker.tell(new GetStats(probe.ref()));
    return probe.receiveMessage(WAIT);
  }

  @Test
  void aBrokerTerminatedWithJobsInFlightLosesNoRequestAndNoneIsAnsweredTwice() {
    ActorTestKit nodeA = node(ClusterConfig.Role.BROKER);
    ActorRef<BrokerMessage> brokerA = nodeA.spawn(Broker.create(settings), "broker");
    ActorTestKit nodeB = node(ClusterConfig.Role.BROKER);
    ActorRef<BrokerMessage> brokerB = nodeB.spawn(Broker.create(settings), "broker");
    ActorTestKit workers = node(ClusterConfig.Role.WORKER);
    workers.spawn(WorkerNode.create(settings, List.of("Worker-1", "Worker-2", "Worker-3")), "node");
    ActorTestKit client = node(ClusterConfig.Role.CLIENT);
    ActorRef<BrokerMessage> pool = client.spawn(BrokerPool.create(settings), "pool");

    TestProbe<Stats> ready = nodeA.createTestProbe();
    ready.awaitAssert(WAIT, () -> {
      assertEquals(3, stats(nodeA, brokerA).routableWorkers());
      assertEquals(3, stats(nodeB, brokerB).routableWorkers());
      return null;
    });
    TestProbe<BrokerPool.PoolStats> poolStats = client.createTestProbe();
    poolStats.awaitAssert(WAIT, () -> {
      pool.tell(new BrokerPool.GetPoolStats(poolStats.ref()));
      assertEquals(2, poolStats.receiveMessage().brokers());
      return null;
    });

    TestProbe<Reply> caller = client.createTestProbe();
    // 30 s jobs: a loaded machine took 5 s to stop node B, long enough for B to answer 5 s Longs itself.
    for (long id = 1; id <= 9; id++) pool.tell(new Submit(id, "Long", "round_robin", 30_000, caller.ref()));
    ready.awaitAssert(WAIT, () -> {
      int atA = stats(nodeA, brokerA).inFlight();
      int atB = stats(nodeB, brokerB).inFlight();
      assertEquals(9, atA + atB);
      assertTrue(atB > 0, "both brokers hold some");
      return null;
    });

    nodeB.shutdownTestKit(); // broker B goes with its jobs unanswered

    Map<Long, String> answeredBy = new HashMap<>();
    for (Reply r : caller.receiveSeveralMessages(9, WAIT.multipliedBy(2))) {
      Response response = assertInstanceOf(Response.class, r, r.text());
      assertNull(answeredBy.put(response.requestId(), response.worker()), "answered once");
    }
    assertEquals(9, answeredBy.size());
    pool.tell(new BrokerPool.GetPoolStats(poolStats.ref()));
    BrokerPool.PoolStats after = poolStats.receiveMessage();
    // The pool owes nothing, so it answers nothing more; a bad request now is the next thing the caller reads.
    assertEquals(0, after.owed() + after.queued(), after.toString());
    pool.tell(new Submit(-1, "Sentinel", "round_robin", -1, caller.ref()));
    assertEquals(-1, assertInstanceOf(Rejected.class, caller.receiveMessage(WAIT)).requestId());
    // B either handed its requests back as it stopped, or the pool took them back when B left the listing.
    assertTrue(after.resubmitted() + after.handedBack() > 0, "B's requests were re-submitted to A: " + after);
  }
}
