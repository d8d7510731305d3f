package pekkolb.simulation;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerState;
import pekkolb.protocol.WorkerStats;
import pekkolb.worker.Worker;
import pekkolb.worker.WorkerProfile;

/**
 * Runs one strategy on a workload with the real broker and workers, in an ActorSystem of its own,
 * so every strategy starts from fresh workers, a fresh broker and an empty mailbox.
 */
public final class Simulator {
  private Simulator() {}

  /** How long the workers may take to show up in the broker's table before the run is abandoned. */
  private static final Duration READY_WITHIN = Duration.ofSeconds(30);
  private static final Duration READY_POLL = Duration.ofMillis(2);
  private static final String LOAD_GENERATOR = "the load generator";

  /**
   * The settings a simulation needs on top of application.conf. Queueing in a worker's slots is
   * the point of some scenarios, so the per-job deadline is off (it would re-dispatch queued jobs).
   * The 1 ms scheduler tick is the load generator's pace, and it bounds how late a job's timer
   * fires: a 10 ms tick would add up to 10 ms / time-scale to every job.
   */
  public static Map<String, Object> overrides(double timeScale, long seed) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lb.time-scale", timeScale);
    o.put("lb.routing.seed", Long.toString(seed));
    o.put("lb.broker.log-jobs", "off");
    o.put("lb.broker.job-deadline-margin", "0s");
    o.put("lb.broker.pending-buffer", 1_000_000);
    o.put("lb.broker.max-in-flight", 100_000_000);
    o.put("pekko.scheduler.tick-duration", "1ms");
    return o;
  }

  /**
   * Runs {@code approach} on {@code workload} and returns what it measured. Blocks the calling
   * thread until the run's ActorSystem has terminated: call it from a main thread or a test, never
   * from an actor.
   *
   * @param config the full config, including {@link #overrides}; its lb.time-scale applies
   */
  public static RunResult run(Config config, Scenario scenario, Workload workload, Approach approach,
      SimulationListener listener) {
    LbSettings settings = LbSettings.from(config);
    CompletableFuture<RunResult> result = new CompletableFuture<>();
    ActorSystem<Command> system = ActorSystem.create(
        guardian(settings, scenario, workload, approach, listener, result), "pekko-lb-sim", config);
    system.getWhenTerminated().toCompletableFuture().join();
    if (!result.isDone()) {
      throw new IllegalStateException(approach.wireName() + ": the simulation stopped without a result (see the log)");
    }
    try {
      return result.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  // ---- the guardian: start workers and broker, wait until the broker sees them all, then load ----

  private sealed interface Command {}

  private record GotStats(Stats stats) implements Command {}

  private enum CheckReady implements Command { INSTANCE }

  private record Done(LoadGenerator.Finished finished) implements Command {}

  /** The broker or the load generator stopped; before {@link Done} that means it failed. */
  private record Stopped(String who) implements Command {}

  /** After {@link Done}: the run's result, while what each broker counted is added up. */
  private static final class Ending {
    RunResult run;
    long hedged;
    long hedgesWon;
    int brokersAsked;
    final Map<String, Integer> fanIn = new HashMap<>(); // brokers routing to each worker

    void add(Stats stats) {
      hedged += stats.hedged();
      hedgesWon += stats.hedgesWon();
      for (WorkerStats w : stats.workers()) if (w.state() == WorkerState.ROUTABLE) fanIn.merge(w.name(), 1, Integer::sum);
      brokersAsked++;
    }

    RunResult result(int workers) {
      int max = fanIn.values().stream().mapToInt(Integer::intValue).max().orElse(0);
      double mean = fanIn.values().stream().mapToInt(Integer::intValue).sum() / (double) workers;
      return run.withBrokers(new RunResult.BrokerTally(hedged, hedgesWon, max, mean));
    }
  }

  /**
   * Whether every broker routes to every worker it is to have: all of them, or with subsets its share,
   * which together make {@code max(subset x brokers, workers)} routes. The brokers are asked in rounds,
   * one after the other.
   */
  private static final class Readiness {
    final long expected;
    int asked; // brokers asked this round
    long routable; // routes from broker to worker routable so far this round
    boolean settled = true; // every broker asked routes to every worker it lists

    Readiness(int workers, int brokers, int subset) {
      boolean all = subset == 0 || brokers == 1 || subset >= workers;
      expected = all ? (long) workers * brokers : Math.max((long) subset * brokers, workers);
    }

    void add(Stats stats) {
      long r = stats.routableWorkers();
      routable += r;
      if (r == 0 || r < stats.workers().size()) settled = false;
      asked++;
    }

    boolean ready() {
      return settled && routable == expected;
    }

    void nextRound() {
      asked = 0;
      routable = 0;
      settled = true;
    }
  }

  private static Behavior<Command> guardian(LbSettings settings, Scenario scenario, Workload workload,
      Approach approach, SimulationListener listener, CompletableFuture<RunResult> result) {
    return Behaviors.setup(ctx -> {
      int n = scenario.workers().size();
      for (int i = 0; i < n; i++) {
        SimulatedWorker w = scenario.workers().get(i);
        ctx.spawn(Worker.create(WorkerProfile.of(settings, w.slots(), w.speed()), w.pace(settings)), Scenario.workerName(i));
      }
      List<ActorRef<BrokerMessage>> brokers = new ArrayList<>();
      for (int b = 1; b <= scenario.brokers(); b++) {
        // Each broker its own random picks, seeded apart, as on separate nodes.
        ActorRef<BrokerMessage> broker = ctx.spawn(Broker.create(settings, settings.routingSeed().orElse(0) + b - 1),
            scenario.brokers() == 1 ? "broker" : "broker-" + b);
        // watchWith, not watch: its message queues behind the generator's Done, a Terminated signal would not.
        ctx.watchWith(broker, new Stopped("the broker"));
        brokers.add(broker);
      }
      ActorRef<Stats> statsTo = ctx.messageAdapter(Stats.class, GotStats::new);
      ActorRef<LoadGenerator.Finished> doneTo = ctx.messageAdapter(LoadGenerator.Finished.class, Done::new);
      long giveUpAt = System.nanoTime() + READY_WITHIN.toNanos();
      Readiness readiness = new Readiness(n, brokers.size(), settings.dispatch().sharing().subsetSize());
      Ending ending = new Ending();
      brokers.get(0).tell(new GetStats(statsTo));
      return Behaviors.receive(Command.class)
          .onMessage(GotStats.class, got -> {
            if (ending.run != null) { // the load is over: what the brokers counted, one broker after the other
              ending.add(got.stats());
              if (ending.brokersAsked < brokers.size()) {
                brokers.get(ending.brokersAsked).tell(new GetStats(statsTo));
                return Behaviors.same();
              }
              result.complete(ending.result(n));
              return Behaviors.stopped();
            }
            readiness.add(got.stats());
            if (readiness.asked < brokers.size()) {
              brokers.get(readiness.asked).tell(new GetStats(statsTo));
            } else if (readiness.ready()) {
              // Workers time their slow-downs from their own start, a few milliseconds before this.
              LoadGenerator.Plan plan = new LoadGenerator.Plan(brokers, workload, approach, settings.timeScale());
              ctx.watchWith(ctx.spawn(LoadGenerator.create(plan, listener, doneTo), "load"), new Stopped(LOAD_GENERATOR));
            } else if (System.nanoTime() > giveUpAt) {
              result.completeExceptionally(new IllegalStateException("only " + readiness.routable + " of " + readiness.expected
                  + " routes from broker to worker were routable within " + READY_WITHIN.toSeconds() + " s"));
              return Behaviors.stopped();
            } else {
              readiness.nextRound();
              ctx.scheduleOnce(READY_POLL, ctx.getSelf(), CheckReady.INSTANCE);
            }
            return Behaviors.same();
          })
          .onMessage(CheckReady.class, c -> {
            brokers.get(0).tell(new GetStats(statsTo));
            return Behaviors.same();
          })
          .onMessage(Done.class, done -> {
            ending.run = done.finished().result();
            brokers.get(0).tell(new GetStats(statsTo));
            return Behaviors.same();
          })
          .onMessage(Stopped.class, stopped -> {
            if (ending.run != null && stopped.who().equals(LOAD_GENERATOR)) return Behaviors.same(); // it stops once done
            if (ending.run != null) { // a broker stopped after the load: its counts are lost, not the run
              result.complete(ending.result(n));
              return Behaviors.stopped();
            }
            result.completeExceptionally(new IllegalStateException(
                approach.wireName() + ": " + stopped.who() + " stopped before the run was over (see the log)"));
            return Behaviors.stopped();
          })
          .build();
    });
  }
}
