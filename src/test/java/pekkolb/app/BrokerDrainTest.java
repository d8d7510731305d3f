package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import pekkolb.TestSettings;
import pekkolb.protocol.BrokerDrained;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.DrainBroker;

/** A broker node stopped gracefully tells its broker to drain before the node goes on shutting down. */
class BrokerDrainTest {

  @Test
  void shutdownAsksTheBrokerToDrainAndWaitsForIt() {
    ActorTestKit kit = ActorTestKit.create(TestSettings.config(Map.of()));
    try {
      TestProbe<BrokerMessage> broker = kit.createTestProbe();
      BrokerDrain.onShutdown(kit.system(), broker.ref(), Duration.ofSeconds(3));
      CoordinatedShutdown.get(kit.system()).run(CoordinatedShutdown.unknownReason());
      DrainBroker drain = broker.expectMessageClass(DrainBroker.class, Duration.ofSeconds(20));
      assertEquals(Duration.ofSeconds(3), drain.within());
      assertTrue(!kit.system().whenTerminated().isCompleted(), "the node waits for the drain");
      drain.replyTo().tell(new BrokerDrained("broker", 4, 2));
      kit.system().getWhenTerminated().toCompletableFuture().join();
    } finally {
      kit.shutdownTestKit();
    }
  }

  @Test
  void aDrainThatWouldOutlastItsShutdownPhaseIsRefusedAtStart() {
    var config = ConfigFactory.parseMap(Map.of(BrokerDrain.PHASE_TIMEOUT, "5s"));
    BrokerDrain.checkFitsPhase(Duration.ofSeconds(4), config);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BrokerDrain.checkFitsPhase(Duration.ofMillis(4500), config));
    assertTrue(e.getMessage().startsWith("lb.cluster.broker-drain-timeout (4500 ms) must be at least 1 s below"),
        e.getMessage());
    BrokerDrain.checkFitsPhase(Duration.ofSeconds(8), TestSettings.config(Map.of())); // the shipped settings fit
  }
}
