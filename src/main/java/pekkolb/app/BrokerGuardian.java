package pekkolb.app;

import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.protocol.BrokerMessage;
import pekkolb.routing.Strategies;
import pekkolb.worker.Worker;

/**
 * Root of a JVM that runs a broker (serve, demo, the broker node): spawns Worker-1..N and the
 * broker, watches them, and hands out the broker's own reference. A node without its broker is
 * useless, so when the broker stops for any reason the whole node shuts down and says why.
 */
final class BrokerGuardian {
  private BrokerGuardian() {}

  /** Asks for the broker's reference. */
  record GetBroker(ActorRef<ActorRef<BrokerMessage>> replyTo) {}

  /** Why the node shut down when its broker stopped; the command exits non-zero for it. */
  static final class BrokerStopped implements CoordinatedShutdown.Reason {
    static final BrokerStopped INSTANCE = new BrokerStopped();

    @Override
    public String toString() {
      return "the broker stopped";
    }
  }

  static Behavior<GetBroker> create(LbSettings settings, int workers) {
    return create(Broker.create(settings, Strategies.forSettings(settings)), settings, workers);
  }

  static Behavior<GetBroker> create(Behavior<BrokerMessage> brokerBehavior, LbSettings settings, int workers) {
    return Behaviors.setup(ctx -> {
      for (int i = 1; i <= workers; i++) ctx.watch(ctx.spawn(Worker.create(settings), "Worker-" + i));
      ActorRef<BrokerMessage> broker = ctx.spawn(brokerBehavior, "broker");
      ctx.watch(broker);
      return Behaviors.receive(GetBroker.class)
          .onMessage(GetBroker.class, get -> {
            get.replyTo().tell(broker);
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> {
            if (!t.getRef().equals(broker)) {
              ctx.getLog().warn("{} stopped; the broker routes around it", t.getRef().path().name());
              return Behaviors.same();
            }
            ctx.getLog().error("the broker stopped; shutting the node down");
            CoordinatedShutdown.get(ctx.getSystem()).run(BrokerStopped.INSTANCE);
            return Behaviors.same();
          })
          .build();
    });
  }

  static ActorRef<BrokerMessage> brokerOf(ActorSystem<GetBroker> system) {
    return AskPattern.<GetBroker, ActorRef<BrokerMessage>>ask(system, GetBroker::new, Duration.ofSeconds(10),
        system.scheduler()).toCompletableFuture().join();
  }

  /**
   * Waits until the node has shut down; returns its exit code: 0 for a shutdown that was asked for,
   * 1 (with one line on stderr) when the broker stopped on its own.
   */
  static int awaitExit(ActorSystem<?> system) {
    system.getWhenTerminated().toCompletableFuture().join();
    boolean brokerLost = CoordinatedShutdown.get(system).getShutdownReason()
        .map(BrokerStopped.INSTANCE::equals).orElse(false);
    if (!brokerLost) return 0;
    System.err.println("error: the broker stopped unexpectedly, so this node stopped too (see the log above)");
    return 1;
  }
}
