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
  void aBrokerThatStopsStopsTheNodeWithANonZeroExitAndOneClearLine() {
    // A broker that dies on its first message, as one with a bug or a bad setting would.
    ActorSystem<BrokerGuardian.GetBroker> system = ActorSystem.create(
        BrokerGuardian.create(Behaviors.receiveMessage(m -> Behaviors.stopped()), settings, 1), "guardian-test", config);
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
