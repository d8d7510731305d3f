package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.client.LbClient;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerStats;
import pekkolb.client.BrokerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The root of serve, demo and the broker node: spawns and watches the broker, and stops the node without it. */
class BrokerGuardianTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private final Config config = TestSettings.config(Map.of("lb.time-scale", 0.01));
  private final LbSettings settings = LbSettings.from(config);

  @Test
  void handsOutTheBrokersOwnReferenceWhichServesTheLocalWorkers() {
    ActorSystem<BrokerGuardian.GetBroker> system =
        ActorSystem.create(BrokerGuardian.create(settings, 2), "guardian-test", config);
    try {
      ActorRef<BrokerMessage> broker = BrokerGuardian.brokerOf(system);
      assertEquals("/user/broker", broker.path().toStringWithoutAddress(), "no forwarding hop in between");
      Stats stats;
      do {
        stats = AskPattern.<BrokerMessage, Stats>ask(broker, GetStats::new, WAIT, system.scheduler())
            .toCompletableFuture().join();
      } while (stats.routableWorkers() < 2);
      Reply reply = LbClient.submit(broker, system.scheduler(), "Short", "round_robin", WAIT).toCompletableFuture().join();
      assertInstanceOf(Response.class, reply, reply.text());
    } finally {
      system.terminate();
    }
    assertEquals(0, BrokerGuardian.awaitExit(system), "a shutdown that was asked for exits 0");
  }

  @Test
  void withTwoBrokersThePoolSpreadsRequestsOverBothAndBothUseTheSameWorkers() {
    ActorSystem<BrokerGuardian.GetBroker> system =
        ActorSystem.create(BrokerGuardian.create(settings, 3, 2), "guardian-test", config);
    try {
      BrokerGuardian.Local local = BrokerGuardian.localOf(system);
      assertEquals(2, local.brokers().size());
      for (ActorRef<BrokerMessage> broker : local.brokers()) {
        while (ask(system, broker).routableWorkers() < 3) Thread.onSpinWait();
      }
      while (AskPattern.<BrokerMessage, Integer>ask(local.pool(), BrokerPool.AwaitBroker::new, WAIT, system.scheduler())
          .toCompletableFuture().join() < 2) Thread.onSpinWait();
      List<CompletableFuture<Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        replies.add(LbClient.submit(local.pool(), system.scheduler(), "Short", "round_robin", WAIT).toCompletableFuture());
      }
      for (CompletableFuture<Reply> r : replies) assertInstanceOf(Response.class, r.join(), r.join().text());
      long total = 0;
      for (ActorRef<BrokerMessage> broker : local.brokers()) {
        long served = ask(system, broker).workers().stream().mapToLong(WorkerStats::completed).sum();
        assertTrue(served > 0, "fewest outstanding, ties in rotation: both brokers get requests");
        total += served;
      }
      assertEquals(8, total, "each request ran once");
    } finally {
      system.terminate();
    }
    BrokerGuardian.awaitExit(system);
  }

  private static Stats ask(ActorSystem<?> system, ActorRef<BrokerMessage> broker) {
    return AskPattern.<BrokerMessage, Stats>ask(broker, GetStats::new, WAIT, system.scheduler()).toCompletableFuture().join();
  }

  @Test
  void aBrokerThatStopsStopsTheNodeWithANonZeroExitAndOneClearLine() {
    // A broker that dies on its first message, as one with a bug or a bad setting would.
    ActorSystem<BrokerGuardian.GetBroker> system = ActorSystem.create(
        BrokerGuardian.create(() -> Behaviors.receiveMessage(m -> Behaviors.stopped()), settings, 1, 1), "guardian-test", config);
    BrokerGuardian.brokerOf(system).tell(new GetStats(system.ignoreRef()));
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = BrokerGuardian.awaitExit(system); // returns only once the whole system has terminated
    } finally {
      System.setErr(err);
    }
    assertEquals(1, exit);
    String line = captured.toString(StandardCharsets.UTF_8);
    assertTrue(line.startsWith("error: the broker stopped unexpectedly"), line);
    assertTrue(system.getWhenTerminated().toCompletableFuture().isDone());
  }
}
