package pekkolb.app;

import com.typesafe.config.Config;
import java.time.Duration;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import pekkolb.protocol.BrokerDrained;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.DrainBroker;

/**
 * Graceful stop of a broker node (Ctrl-C, SIGTERM): in the service-unbind phase the broker stops
 * taking requests, answers what it holds for up to lb.cluster.broker-drain-timeout and hands the
 * rest back; the clients' pools re-submit those to other brokers, so none fails.
 */
final class BrokerDrain {
  private BrokerDrain() {}

  static final String PHASE_TIMEOUT = "pekko.coordinated-shutdown.phases.service-unbind.timeout";

  /** The drain must end before the phase gives up on it, or the hand-backs would be cut off. */
  static void checkFitsPhase(Duration within, Config config) {
    Duration phase = config.getDuration(PHASE_TIMEOUT);
    if (within.plusSeconds(1).compareTo(phase) > 0) {
      throw new IllegalArgumentException("lb.cluster.broker-drain-timeout (" + within.toMillis() + " ms) must be at least "
          + "1 s below " + PHASE_TIMEOUT + " (" + phase.toMillis() + " ms)");
    }
  }

  static void onShutdown(ActorSystem<?> system, ActorRef<BrokerMessage> broker, Duration within) {
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "broker-drain", () -> {
      System.out.printf("shutting down: the broker answers what it holds for up to %d s, then hands the rest back%n",
          within.toSeconds());
      return AskPattern.<BrokerMessage, BrokerDrained>ask(broker, replyTo -> new DrainBroker(within, replyTo),
              within.plusMillis(500), system.scheduler())
          .handle((drained, failure) -> {
            if (drained != null) {
              System.out.printf("broker drained: %d answered, %d handed back to their clients%n",
                  drained.answered(), drained.handedBack());
            } else {
              System.out.println("broker drain did not finish: " + GatewayStarter.rootMessage(failure));
            }
            return Done.getInstance();
          });
    });
  }
}
