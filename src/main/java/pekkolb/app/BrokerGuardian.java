package pekkolb.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.client.BrokerPool;
import pekkolb.protocol.BrokerMessage;
import pekkolb.worker.Worker;

/**
 * Root of a JVM that runs brokers (serve, demo, the broker node): spawns Worker-1..N, K brokers and
 * the pool the gateway sends through (it spreads over every broker it finds, these and others in a
 * cluster), watches them, and hands out their references. A node that lost a broker is not what was
 * asked for, so when one stops for any reason the whole node shuts down and says why.
 */
final class BrokerGuardian {
  private BrokerGuardian() {}

  /** Asks for the node's brokers and pool. */
  record GetBroker(ActorRef<Local> replyTo) {}

  /** This node's brokers (the first is "broker") and the pool that spreads requests over all brokers. */
  record Local(List<ActorRef<BrokerMessage>> brokers, ActorRef<BrokerMessage> pool) {
    ActorRef<BrokerMessage> first() {
      return brokers.get(0);
    }
  }

  /** Why the node shut down when its broker stopped; the command exits non-zero for it. */
  static final class BrokerStopped implements CoordinatedShutdown.Reason {
    static final BrokerStopped INSTANCE = new BrokerStopped();

    @Override
    public String toString() {
      return "the broker stopped";
    }
  }

  static Behavior<GetBroker> create(LbSettings settings, int workers) {
    return create(settings, workers, 1);
  }

  static Behavior<GetBroker> create(LbSettings settings, int workers, int brokers) {
    return create(() -> Broker.create(settings), settings, workers, brokers);
  }

  static Behavior<GetBroker> create(java.util.function.Supplier<Behavior<BrokerMessage>> brokerBehavior,
      LbSettings settings, int workers, int brokerCount) {
    return Behaviors.setup(ctx -> {
      for (int i = 1; i <= workers; i++) ctx.watch(ctx.spawn(Worker.create(settings), "Worker-" + i));
      List<ActorRef<BrokerMessage>> brokers = new ArrayList<>();
      for (int i = 1; i <= brokerCount; i++) {
        brokers.add(ctx.spawn(brokerBehavior.get(), i == 1 ? "broker" : "broker-" + i));
      }
      ActorRef<BrokerMessage> pool = ctx.spawn(BrokerPool.create(settings), "broker-pool");
      brokers.forEach(ctx::watch);
      ctx.watch(pool);
      Local local = new Local(List.copyOf(brokers), pool);
      return Behaviors.receive(GetBroker.class)
          .onMessage(GetBroker.class, get -> {
            get.replyTo().tell(local);
            return Behaviors.same();
          })
          .onSignal(Terminated.class, t -> {
            if (!brokers.contains(t.getRef()) && !t.getRef().equals(pool)) {
              ctx.getLog().warn("{} stopped; the broker routes around it", t.getRef().path().name());
              return Behaviors.same();
            }
            ctx.getLog().error("{} stopped; shutting the node down", t.getRef().path().name());
            CoordinatedShutdown.get(ctx.getSystem()).run(BrokerStopped.INSTANCE);
            return Behaviors.same();
          })
          .build();
    });
  }

  static Local localOf(ActorSystem<GetBroker> system) {
    return AskPattern.<GetBroker, Local>ask(system, GetBroker::new, Duration.ofSeconds(10),
        system.scheduler()).toCompletableFuture().join();
  }

  static ActorRef<BrokerMessage> brokerOf(ActorSystem<GetBroker> system) {
    return localOf(system).first();
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
