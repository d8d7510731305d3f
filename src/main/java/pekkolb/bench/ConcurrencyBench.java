package pekkolb.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Routers;
import pekkolb.LbSettings;
import pekkolb.bench.BenchResults.Concurrency;
import pekkolb.bench.BenchResults.ConcurrencyRow;
import pekkolb.broker.Broker;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.WorkerMessage;
import pekkolb.worker.Worker;

/**
 * Part 2: N requests of a Long job sent to the broker at once (3 workers, unlimited slots). How
 * long until the last answer, whether all came, how much heap it took, and how late the answers
 * were compared with the job's own duration. Each N gets a fresh ActorSystem, after a full GC, so
 * one burst's garbage does not count in the next one's heap (a GC that does not shrink the heap: see
 * {@link ForcedGc}). The reference, in the same run: the same bursts sent one Job at a time to Pekko's
 * {@code Routers.pool} over the same workers, after all the broker's bursts (its warm-up would shape
 * the workers' code for single jobs before the broker's bursts were measured). The floor, last: the
 * same bursts in JobBatches straight to the workers, the least any route through a broker could take.
 */
public final class ConcurrencyBench {

  public static final String APPROACH = "round_robin";

  /** What the reference rows measured. */
  public static final String REFERENCE = "Pekko Routers.pool round robin";

  /** What the floor rows measured. */
  public static final String FLOOR = "the workers fed straight, a JobBatch of 256 to each in turn, no broker";

  /**
   * Where a burst goes: the broker (SubmitBatches), the reference (a Job per request to Pekko's pool
   * router), or the floor (JobBatches straight to the workers: what no broker can beat on this machine).
   */
  private enum Route { BROKER, POOL, DIRECT }

  /**
   * The Long job of the warm-ups at the largest size: longer than the scheduler's wheel (512 ticks of
   * 1 ms), so that their timers take the path a 5 s job's do; a 50 ms job's never went round the wheel.
   */
  static final Duration FULL_SIZE_WARMUP_JOB = Duration.ofMillis(600);

  /** Requests in each warm-up burst. */
  public static final int WARMUP_SIZE = 20_000;

  public record Options(List<Integer> sizes, int workers, int warmupBursts, Duration extraTimeout) {}

  private ConcurrencyBench() {}

  /** Runs part 2, one size after another; every step runs on {@code control}. */
  public static CompletableFuture<Concurrency> run(Config config, Options o, Executor control) {
    LbSettings settings = LbSettings.from(config);
    long jobNanos = jobNanos(settings);
    List<ConcurrencyRow> rows = new ArrayList<>();
    List<ConcurrencyRow> referenceRows = new ArrayList<>();
    List<ConcurrencyRow> floorRows = new ArrayList<>();
    // Before the first step is chained: each step starts at once, and the first burst's full GC
    // must already find the heap's size kept (it shrank the heap from 380 MB to 30 MB when this came after).
    ForcedGc heapKept = ForcedGc.keepingHeapSize();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    // Warm-up, not reported: each route's own path with the Long job cut to 50 ms, so the first burst
    // measured does not run half-compiled code. Part 1 warms only the zero-length path.
    Config warmConfig = ConfigFactory.parseMap(Map.of("lb.jobs.long", "50ms")).withFallback(config);
    LbSettings warmSettings = LbSettings.from(warmConfig);
    // Then before each size, at that size until the JIT is done (SteadyWarmup): the small ones leave paths of a
    // big burst unrun (more pages of the job table, the ring's page changes), which the JIT compiled as traps and
    // threw away mid-burst; and a measured smaller size just before a larger one threw compiled code away that
    // was compiled again only during the larger burst (up to 136 ms of compiling in the million's 5 s).
    Config bigConfig = ConfigFactory.parseMap(Map.of("lb.jobs.long", FULL_SIZE_WARMUP_JOB.toMillis() + "ms")).withFallback(config);
    LbSettings bigSettings = LbSettings.from(bigConfig);
    int lastWarmup = o.sizes().isEmpty() ? 0 : Collections.max(o.sizes());
    for (Route route : Route.values()) {
      for (int i = 0; i < o.warmupBursts(); i++) {
        chain = chain.thenComposeAsync(v -> burst(route, warmConfig, warmSettings, o, WARMUP_SIZE, control), control)
            .thenAcceptAsync(r -> {}, control);
      }
      List<ConcurrencyRow> into = route == Route.BROKER ? rows : route == Route.POOL ? referenceRows : floorRows;
      for (int n : o.sizes()) {
        chain = chain.thenComposeAsync(v -> SteadyWarmup.run(() -> burst(route, bigConfig, bigSettings, o, n, control), control), control)
            .thenComposeAsync(bursts -> burst(route, config, settings, o, n, control)
                .thenApply(row -> row.afterWarmups(bursts)), control)
            .thenAcceptAsync(into::add, control);
      }
    }
    return chain.whenCompleteAsync((v, error) -> { if (heapKept != null) heapKept.close(); }, control)
        .thenApplyAsync(v -> new Concurrency(jobNanos / 1e9, o.workers(), APPROACH, o.warmupBursts(), WARMUP_SIZE,
            heapKept != null, List.copyOf(rows), REFERENCE, List.copyOf(referenceRows), lastWarmup, warmupsBefore(lastWarmup, rows, referenceRows, floorRows), true, FLOOR,
            List.copyOf(floorRows)), control);
  }

  /** How many warm-up bursts ran before each route's row of {@code size}, the routes in turn; none for no such row. */
  private static List<Integer> warmupsBefore(int size, List<ConcurrencyRow> rows, List<ConcurrencyRow> referenceRows,
      List<ConcurrencyRow> floorRows) {
    List<Integer> counts = new ArrayList<>();
    for (List<ConcurrencyRow> route : List.of(rows, referenceRows, floorRows)) {
      route.stream().filter(r -> r.requests() == size).findFirst().ifPresent(r -> counts.add(r.steadyWarmups()));
    }
    return List.copyOf(counts);
  }

  static long jobNanos(LbSettings settings) {
    return (long) (settings.scaledNanos(settings.longJob()) / settings.workerSpeed());
  }

  private static CompletableFuture<ConcurrencyRow> burst(Route route,
      Config baseConfig, LbSettings baseSettings, Options o, int n, Executor control) {
    long jobNanos = jobNanos(baseSettings);
    // All n at once means all n in flight: each worker grants the broker a window of n (lb.worker.window,
    // 1,000 by default, would hold the rest in the broker and run the burst in waves of 5 s).
    Config config = ConfigFactory.parseMap(Map.of("lb.worker.window", Math.max(n, baseSettings.dispatch().workerWindow())))
        .withFallback(baseConfig);
    LbSettings settings = LbSettings.from(config);
    // Between bursts, not during one: start the heap measurement from a clean heap.
    System.gc(); // with the heap's size kept: see ForcedGc
    HeapPeak heap = new HeapPeak();
    ActorSystem<Object> system = ActorSystem.create(Driver.guardian(ctx -> {
      if (route == Route.POOL) {
        ActorRef<WorkerMessage> router = ctx.spawn(Routers.pool(o.workers(), Worker.create(settings)), "pool");
        return new Driver.Node(Map.of(APPROACH, new Target.ToWorker(router, AppType.LONG)), null, o.workers());
      }
      List<ActorRef<WorkerMessage>> workers = new ArrayList<>();
      for (int i = 1; i <= o.workers(); i++) workers.add(ctx.spawn(Worker.create(settings), "Worker-" + i));
      if (route == Route.DIRECT) {
        return new Driver.Node(Map.of(APPROACH, new Target.ToWorkersBatched(workers, AppType.LONG)), null, o.workers());
      }
      ActorRef<BrokerMessage> broker = ctx.spawn(Broker.create(settings), "broker");
      return new Driver.Node(Map.of(APPROACH, Target.ToBrokers.one(broker, AppType.LONG, APPROACH, true)), broker, o.workers());
    }), "bench-concurrency", config);
    CompletableFuture<Driver.RunResult> done = new CompletableFuture<>();
    Duration timeout = Duration.ofNanos(jobNanos).plus(o.extraTimeout());
    CompletableFuture<ConcurrencyRow> row = ThroughputBench.ready(system)
        .thenComposeAsync(v -> JitQuiet.await(JitQuiet.MAX_WAIT, control), control)
        .thenComposeAsync(waited -> {
          long compiledBefore = SteadyWarmup.compileMillis();
          system.tell(new Driver.Run(APPROACH, n, n, -1, jobNanos, settings.timeScale(), timeout, done));
          return done.thenApply(r -> toRow(r, heap.peakBytes(), waited, SteadyWarmup.compileMillis() - compiledBefore, settings.timeScale()));
        }, control);
    return row.handleAsync((r, error) -> {
      heap.close();
      system.terminate();
      return system.getWhenTerminated().toCompletableFuture()
          .thenComposeAsync(t -> error == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<ConcurrencyRow>failedFuture(error), control);
    }, control).thenComposeAsync(f -> f, control);
  }

  private static ConcurrencyRow toRow(Driver.RunResult r, long peakHeap, Duration jitWait, long compileMillis, double timeScale) {
    Histogram late = r.lateness();
    Histogram broker = r.brokerLateness();
    return new ConcurrencyRow(r.requests(), r.answered(), r.rejected(), r.duplicates(),
        r.allSentNanos() == 0 ? Double.NaN : (r.allSentNanos() - r.firstSendNanos()) / 1e9,
        r.seconds(), r.processCpuNanos() / 1e9, peakHeap,
        millis(late, 50), millis(late, 99), millis(late, 100),
        brokerMillis(broker, 50, timeScale), brokerMillis(broker, 99, timeScale), brokerMillis(broker, 100, timeScale),
        jitWait.toNanos() / 1e9, compileMillis, 0);
  }

  /**
   * A percentile of the broker's lateness at the broker's own resolution: it says whole milliseconds of
   * its clock ({@code timeScale} ms of real time each), and the histogram's three digits read a value at
   * its bucket's top (a broker 20 ms late read 20.015 ms, printed 20.0 and judged over 20).
   */
  static double brokerMillis(Histogram h, double percentile, double timeScale) {
    double ms = millis(h, percentile);
    return Double.isNaN(ms) ? ms : Math.round(ms / timeScale) * timeScale;
  }

  private static double millis(Histogram h, double percentile) {
    if (h == null || h.getTotalCount() == 0) return Double.NaN; // the pool path has no broker to measure
    return (percentile == 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
  }
}
