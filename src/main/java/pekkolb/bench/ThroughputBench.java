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
import pekkolb.bench.BenchResults.Check;
import pekkolb.bench.BenchResults.Throughput;
import pekkolb.bench.BenchResults.ThroughputRow;
import pekkolb.bench.BenchResults.ThroughputSetup;
import pekkolb.broker.Broker;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.WorkerMessage;
import pekkolb.router.LoadBalancer;
import pekkolb.worker.Worker;

/**
 * Part 1: requests per second with zero-length jobs, the routee answering at once, so what is
 * measured is the routing path itself. Like is compared with like: the broker, which batches its
 * legs, against the floor (the same batches straight to the workers, no broker); one message per
 * request (the broker unbatched on its client leg, Pekko's {@code Routers.pool}, a lone worker)
 * against {@code Routers.pool}; and the library's balancer against {@code Routers.pool} over the same
 * {@link Echo} routees. Each row says what it batches.
 *
 * <p>One ActorSystem per kind of path, all with the same config, because every worker registers
 * with its system's Receptionist and a broker would take the other paths' workers too. Runs are
 * interleaved (each round in a rotated order) so that a noisy neighbour on a shared machine hits
 * every path alike and the ratios stay meaningful. A path's runs are sized to its speed, so that
 * each measured run lasts at least {@code minRunSeconds}: one of 200,000 requests at 10 M/s is a
 * 20 ms sample, too short to compare.
 */
public final class ThroughputBench {

  public static final String FLOOR = "floor: JobBatches to the workers";
  public static final String BROKER_RR = "broker round_robin";
  public static final String BROKER_LC = "broker least_connections";
  public static final String BROKER_P2 = "broker power_of_two";
  public static final String BROKER_RR_UNBATCHED = "broker round_robin, unbatched";
  /** The broker round_robin path again, in a system with lb.admin.metrics off: the cost of metrics. */
  public static final String BROKER_RR_NO_METRICS = "broker round_robin, metrics off";
  public static final String POOL = "Pekko Routers.pool round robin";
  public static final String DIRECT = "direct to one worker";
  public static final String LIBRARY = "library LoadBalancer.pool round robin";
  /** The library row's reference: Pekko's pool router over the same echo routees. */
  public static final String ECHO_POOL = "Pekko Routers.pool round robin, echo";
  /** The rows over {@link Echo} routees, not the app's workers: the library and its reference. */
  public static final List<String> ECHO_ROWS = List.of(LIBRARY, ECHO_POOL);

  // What goes as one message on a path's legs, as its row says.
  static final String EVERY_LEG = "every leg: SubmitBatch, JobBatch, JobsDone, ResponseBatch";
  static final String WORKER_LEGS = "worker legs (JobBatch, JobsDone); a Submit and a Response per request";
  static final String FLOOR_LEGS = "JobBatch, JobsDone: what one answer lets go, to one worker in turn";
  static final String NO_LEG = "nothing: a message per request and one per reply";

  /** The largest run (the driver keeps a bit per request): room for the floor, the fastest path, to last a second. */
  private static final int MOST_REQUESTS = 250_000_000;
  /** A run sized to its path's fastest run so far is made this much longer than the minimum, to spare a rerun. */
  private static final double SIZE_MARGIN = 1.25;

  /** @param runTimeout a run not fully answered by then ends with what it got (and the bench fails) */
  public record Options(ThroughputSetup setup, Duration runTimeout) {}

  private record Path(String label, String batching, ActorSystem<Object> system, String target) {}

  private ThroughputBench() {}

  /** Runs part 1; every step after the first runs on {@code control}, which must not be an actor system's. */
  public static CompletableFuture<Throughput> run(Config config, Options o, Executor control) {
    LbSettings settings = LbSettings.from(config);
    ThroughputSetup s = o.setup();
    ActorSystem<Object> workers = ActorSystem.create(Driver.guardian(ctx -> {
      List<ActorRef<WorkerMessage>> refs = new ArrayList<>();
      for (int i = 1; i <= s.workers(); i++) refs.add(ctx.spawn(Worker.create(settings), "Worker-" + i));
      return new Driver.Node(Map.of("floor", new Target.ToWorkersBatched(refs, AppType.SHORT),
          "direct", new Target.ToWorker(refs.get(0), AppType.SHORT)), null, s.workers());
    }), "bench-workers", config);
    ActorSystem<Object> pool = ActorSystem.create(Driver.guardian(ctx -> {
      ActorRef<WorkerMessage> router = ctx.spawn(Routers.pool(s.workers(), Worker.create(settings)), "pool");
      return new Driver.Node(Map.of("pool", new Target.ToWorker(router, AppType.SHORT)), null, s.workers());
    }), "bench-pool", config);
    ActorSystem<Object> broker = brokerSystem("bench-broker", config, settings, s.workers());
    ActorSystem<Object> brokerNoMetrics = brokerSystem("bench-broker-no-metrics",
        ConfigFactory.parseMap(Map.of("lb.admin.metrics", false)).withFallback(config), settings, s.workers());
    ActorSystem<Object> echo = ActorSystem.create(Driver.guardian(ctx -> {
      ActorRef<Echo.Request> library = ctx.spawn(LoadBalancer.pool(s.workers(), Echo.routee(), Echo.Request::replyTo,
          Echo.Request::withReplyTo).build(), "library");
      ActorRef<Echo.Request> router = ctx.spawn(Routers.pool(s.workers(), Echo.routee()), "pool");
      return new Driver.Node(Map.of("library", new Target.ToEcho(library), "pool", new Target.ToEcho(router)), null,
          s.workers());
    }), "bench-echo", config);

    List<Path> paths = List.of(
        new Path(FLOOR, FLOOR_LEGS, workers, "floor"),
        new Path(BROKER_RR, EVERY_LEG, broker, "round_robin"),
        new Path(BROKER_LC, EVERY_LEG, broker, "least_connections"),
        new Path(BROKER_P2, EVERY_LEG, broker, "power_of_two"),
        new Path(BROKER_RR_UNBATCHED, WORKER_LEGS, broker, "round_robin unbatched"),
        new Path(BROKER_RR_NO_METRICS, EVERY_LEG, brokerNoMetrics, "round_robin"),
        new Path(POOL, NO_LEG, pool, "pool"),
        new Path(DIRECT, NO_LEG, workers, "direct"),
        new Path(LIBRARY, NO_LEG, echo, "library"),
        new Path(ECHO_POOL, NO_LEG, echo, "pool"));
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (Path p : paths) tallies.put(p.label(), new Tally());

    List<ActorSystem<Object>> systems = List.of(workers, pool, broker, brokerNoMetrics, echo);
    CompletableFuture<Void> chain = CompletableFuture.allOf(systems.stream().map(ThroughputBench::ready)
        .toArray(CompletableFuture[]::new));
    for (int round = 0; round < s.warmupRuns() + s.measuredRuns(); round++) {
      boolean measured = round >= s.warmupRuns();
      for (int k = 0; k < paths.size(); k++) {
        Path p = paths.get((k + round) % paths.size());
        chain = chain.thenComposeAsync(v -> runAtLength(p, o, tallies.get(p.label()), measured, control), control);
      }
    }
    CompletableFuture<Throughput> result = chain.thenApplyAsync(v -> {
      List<ThroughputRow> rows = new ArrayList<>();
      for (Path p : paths) rows.add(tallies.get(p.label()).row(p.label(), p.batching()));
      return new Throughput(s, List.copyOf(rows), targets(rows));
    }, control);
    // Stop the systems whatever happened, and hand on the outcome once they are down.
    return result.handleAsync((r, error) -> {
      for (ActorSystem<Object> system : systems) system.terminate();
      return CompletableFuture.allOf(systems.stream().map(system -> system.getWhenTerminated().toCompletableFuture())
              .toArray(CompletableFuture[]::new))
          .thenComposeAsync(v -> error == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<Throughput>failedFuture(error), control);
    }, control).thenComposeAsync(f -> f, control);
  }

  /**
   * Part 1's targets, each a ratio of two rows' medians: a broker is a second hop, so half the floor;
   * batching must earn twice Pekko's router; one message per request, the broker unbatched at 0.8 of
   * the router; metrics cost a twentieth at most; the library's balancer, which also counts every reply, must
   * reach 0.7 of the router over the same routees.
   */
  static List<Check> targets(List<ThroughputRow> rows) {
    Map<String, Double> median = new LinkedHashMap<>();
    for (ThroughputRow r : rows) median.put(r.path(), r.median());
    double rr = median.get(BROKER_RR);
    double pool = median.get(POOL);
    return List.of(
        new Check(BROKER_RR + " / floor", rr / median.get(FLOOR), 0.5),
        new Check(BROKER_RR + " / Routers.pool", rr / pool, 2.0),
        new Check(BROKER_RR_UNBATCHED + " / Routers.pool", median.get(BROKER_RR_UNBATCHED) / pool, 0.8),
        new Check("metrics: " + BROKER_RR + " with / without", rr / median.get(BROKER_RR_NO_METRICS), 0.95),
        new Check("library / Routers.pool over the same echo routees", median.get(LIBRARY) / median.get(ECHO_POOL), 0.7));
  }

  private static ActorSystem<Object> brokerSystem(String name, Config config, LbSettings settings, int workers) {
    return ActorSystem.create(Driver.guardian(ctx -> {
      for (int i = 1; i <= workers; i++) ctx.spawn(Worker.create(settings), "Worker-" + i);
      ActorRef<BrokerMessage> b = ctx.spawn(Broker.create(settings), "broker");
      Map<String, Target> targets = new LinkedHashMap<>();
      for (String approach : List.of("round_robin", "least_connections", "power_of_two")) {
        targets.put(approach, Target.ToBrokers.one(b, AppType.SHORT, approach, true));
      }
      targets.put("round_robin unbatched", Target.ToBrokers.one(b, AppType.SHORT, "round_robin", false));
      return new Driver.Node(targets, b, workers);
    }), name, config);
  }

  static CompletableFuture<Void> ready(ActorSystem<Object> system) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    system.tell(new Driver.AwaitReady(ready));
    // Nothing waits forever: a broker whose workers never show up fails the bench.
    return ready.orTimeout(30, TimeUnit.SECONDS);
  }

  /**
   * One run of {@code p}, sized to last a little over the minimum at the path's fastest speed so far.
   * A measured run that still ends sooner (its path got faster) counts as a warm-up, and runs again,
   * sized to that speed: every measured run lasts at least the minimum, up to {@link #MOST_REQUESTS}.
   */
  private static CompletableFuture<Void> runAtLength(Path p, Options o, Tally tally, boolean measured, Executor control) {
    double minSeconds = o.setup().minRunSeconds();
    long sized = (long) Math.ceil(tally.fastest() * minSeconds * SIZE_MARGIN);
    int requests = (int) Math.max(o.setup().requestsPerRun(), Math.min(MOST_REQUESTS, sized));
    CompletableFuture<Driver.RunResult> done = new CompletableFuture<>();
    p.system().tell(new Driver.Run(p.target(), requests, o.setup().window(), 0, -1, 1.0, o.runTimeout(), done));
    return done.thenComposeAsync(r -> {
      boolean again = measured && r.seconds() < minSeconds && requests < MOST_REQUESTS;
      tally.add(r, measured && !again);
      return again ? runAtLength(p, o, tally, true, control) : CompletableFuture.<Void>completedFuture(null);
    }, control);
  }
}
