package pekkolb.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Routers;
import pekkolb.LbSettings;
import pekkolb.bench.BenchResults.Throughput;
import pekkolb.bench.BenchResults.ThroughputRow;
import pekkolb.broker.Broker;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.WorkerMessage;
import pekkolb.worker.Worker;

/**
 * Part 1: requests per second with zero-length jobs, the worker answering at once, so what is
 * measured is the routing path itself. Three ActorSystems with the same config: one worker alone
 * (the upper bound), Pekko's {@code Routers.pool} round robin over workers, and the broker over
 * workers (asked with each approach; round_robin also in a fourth system with metrics off). Separate systems because every worker registers with its
 * system's Receptionist, and the broker would otherwise take the other paths' workers too.
 *
 * <p>Runs are interleaved (direct, pool, broker..., then again, in a rotated order) so that a
 * noisy neighbour on a shared machine hits every path alike and the ratios stay meaningful.
 */
public final class ThroughputBench {

  public static final String DIRECT = "direct to one worker";
  public static final String POOL = "Pekko Routers.pool round robin";
  public static final String BROKER_RR = "broker round_robin";
  public static final String BROKER_LC = "broker least_connections";
  public static final String BROKER_P2 = "broker power_of_two";
  /** The broker round_robin path with a Submit and a Response per request: what batching the client's leg saves. */
  public static final String BROKER_RR_UNBATCHED = "broker round_robin, unbatched";
  /** The broker round_robin path again, in a system with lb.admin.metrics off: the cost of metrics. */
  public static final String BROKER_RR_NO_METRICS = "broker round_robin, metrics off";

  public record Options(int requests, int window, int workers, int warmup, int iterations, Duration runTimeout) {}

  private record Path(String label, ActorSystem<Object> system, String target) {}

  private ThroughputBench() {}

  /** Runs part 1; every step after the first runs on {@code control}, which must not be an actor system's. */
  public static CompletableFuture<Throughput> run(Config config, Options o, Executor control) {
    LbSettings settings = LbSettings.from(config);
    ActorSystem<Object> direct = ActorSystem.create(Driver.guardian(ctx -> {
      ActorRef<WorkerMessage> worker = ctx.spawn(Worker.create(settings), "Worker-1");
      return new Driver.Node(Map.of("direct", new Target.ToWorker(worker, AppType.SHORT)), null, 1);
    }), "bench-direct", config);
    ActorSystem<Object> pool = ActorSystem.create(Driver.guardian(ctx -> {
      ActorRef<WorkerMessage> router = ctx.spawn(Routers.pool(o.workers(), Worker.create(settings)), "pool");
      return new Driver.Node(Map.of("pool", new Target.ToWorker(router, AppType.SHORT)), null, o.workers());
    }), "bench-pool", config);
    ActorSystem<Object> broker = brokerSystem("bench-broker", config, settings, o);
    ActorSystem<Object> brokerNoMetrics = brokerSystem("bench-broker-no-metrics",
        ConfigFactory.parseMap(Map.of("lb.admin.metrics", false)).withFallback(config), settings, o);

    List<Path> paths = List.of(
        new Path(DIRECT, direct, "direct"),
        new Path(POOL, pool, "pool"),
        new Path(BROKER_RR, broker, "round_robin"),
        new Path(BROKER_LC, broker, "least_connections"),
        new Path(BROKER_P2, broker, "power_of_two"),
        new Path(BROKER_RR_UNBATCHED, broker, "round_robin unbatched"),
        new Path(BROKER_RR_NO_METRICS, brokerNoMetrics, "round_robin"));
    Map<String, List<Double>> rps = new LinkedHashMap<>();
    Map<String, List<Double>> cpuMicros = new LinkedHashMap<>();
    Map<String, List<Double>> cores = new LinkedHashMap<>();
    Map<String, long[]> answered = new LinkedHashMap<>();
    for (Path p : paths) {
      rps.put(p.label(), new ArrayList<>());
      cpuMicros.put(p.label(), new ArrayList<>());
      cores.put(p.label(), new ArrayList<>());
      answered.put(p.label(), new long[3]);
    }

    CompletableFuture<Void> chain = CompletableFuture.allOf(
        ready(direct), ready(pool), ready(broker), ready(brokerNoMetrics));
    int rounds = o.warmup() + o.iterations();
    for (int round = 0; round < rounds; round++) {
      boolean measured = round >= o.warmup();
      for (int k = 0; k < paths.size(); k++) {
        Path p = paths.get((k + round) % paths.size());
        chain = chain
            .thenComposeAsync(v -> batch(p, o), control)
            .thenAcceptAsync(r -> {
              long[] a = answered.get(p.label());
              a[0] += r.answered();
              a[1] += r.requests();
              a[2] += r.duplicates();
              if (measured) {
                rps.get(p.label()).add(r.requests() / r.seconds());
                cpuMicros.get(p.label()).add(r.processCpuNanos() / 1000.0 / r.requests());
                cores.get(p.label()).add(r.processCpuNanos() / 1e9 / r.seconds());
              }
            }, control);
      }
    }
    CompletableFuture<Throughput> result = chain.thenApplyAsync(v -> {
      List<ThroughputRow> rows = new ArrayList<>();
      for (Path p : paths) {
        long[] a = answered.get(p.label());
        rows.add(ThroughputRow.of(p.label(), rps.get(p.label()), cpuMicros.get(p.label()), cores.get(p.label()), a[0], a[1], a[2]));
      }
      return new Throughput(o.requests(), o.window(), o.workers(), o.warmup(), o.iterations(), List.copyOf(rows));
    }, control);
    // Stop the systems whatever happened, and hand on the outcome once they are down.
    List<ActorSystem<Object>> systems = List.of(direct, pool, broker, brokerNoMetrics);
    return result.handleAsync((r, error) -> {
      for (ActorSystem<Object> s : systems) s.terminate();
      return CompletableFuture.allOf(systems.stream().map(s -> s.getWhenTerminated().toCompletableFuture())
              .toArray(CompletableFuture[]::new))
          .thenComposeAsync(v -> error == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<Throughput>failedFuture(error), control);
    }, control).thenComposeAsync(f -> f, control);
  }

  private static ActorSystem<Object> brokerSystem(String name, Config config, LbSettings settings, Options o) {
    return ActorSystem.create(Driver.guardian(ctx -> {
      for (int i = 1; i <= o.workers(); i++) ctx.spawn(Worker.create(settings), "Worker-" + i);
      ActorRef<BrokerMessage> b = ctx.spawn(Broker.create(settings), "broker");
      Map<String, Target> targets = new LinkedHashMap<>();
      for (String approach : List.of("round_robin", "least_connections", "power_of_two")) {
        targets.put(approach, Target.ToBrokers.one(b, AppType.SHORT, approach, true));
      }
      targets.put("round_robin unbatched", Target.ToBrokers.one(b, AppType.SHORT, "round_robin", false));
      return new Driver.Node(targets, b, o.workers());
    }), name, config);
  }

  static CompletableFuture<Void> ready(ActorSystem<Object> system) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    system.tell(new Driver.AwaitReady(ready));
    // Nothing waits forever: a broker whose workers never show up fails the bench.
    return ready.orTimeout(30, TimeUnit.SECONDS);
  }

  private static CompletableFuture<Driver.RunResult> batch(Path p, Options o) {
    CompletableFuture<Driver.RunResult> done = new CompletableFuture<>();
    p.system().tell(new Driver.Run(p.target(), o.requests(), o.window(), 0, -1, 1.0, o.runTimeout(), done));
    return done;
  }
}
