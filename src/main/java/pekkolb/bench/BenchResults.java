package pekkolb.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.util.List;

/** What one bench run measured, as printed in its table and written by {@code --json}. */
public final class BenchResults {
  private BenchResults() {}

  /**
   * One run of a throughput path: {@code requests} answered in {@code seconds} (first send to last
   * answer), using {@code cpuNanos} of the whole process's CPU (all threads, GC included).
   */
  public record Run(int requests, double seconds, long cpuNanos) {
    @JsonProperty
    public double perSecond() {
      return requests / seconds;
    }

    @JsonProperty
    public double cpuMicrosPerRequest() {
      return cpuNanos / 1000.0 / requests;
    }

    /** The cores the run kept busy: its CPU time over its wall time. */
    @JsonProperty
    public double cores() {
      return cpuNanos / 1e9 / seconds;
    }
  }

  /** Over all runs of a path, warm-ups included: requests sent, answered, and answered more than once. */
  public record Answers(long answered, long expected, long duplicates) {
    public boolean complete() {
      return answered == expected && duplicates == 0;
    }
  }

  /**
   * One routing path: each measured run ({@code runs}) and, over them, the median, the spread and the
   * medians of the CPU per request and of the cores used. {@code batching}: what goes as one message on
   * its legs. The JSON also carries the derived figures under the names they always had.
   */
  public record ThroughputRow(String path, String batching, List<Run> runs, @JsonUnwrapped Answers answers) {
    @JsonProperty
    public List<Double> runsPerSecond() {
      return runs.stream().map(Run::perSecond).toList();
    }

    @JsonProperty
    public double median() {
      return median(runsPerSecond());
    }

    @JsonProperty
    public double min() {
      return runsPerSecond().stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    @JsonProperty
    public double max() {
      return runsPerSecond().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    @JsonProperty
    public double cpuMicrosPerRequest() {
      return median(runs.stream().map(Run::cpuMicrosPerRequest).toList());
    }

    @JsonProperty
    public double coresUsed() {
      return median(runs.stream().map(Run::cores).toList());
    }

    /** The shortest measured run, in seconds (0 with none). */
    @JsonProperty
    public double shortestRunSeconds() {
      return runs.stream().mapToDouble(Run::seconds).min().orElse(0);
    }

    static double median(List<Double> values) {
      List<Double> sorted = values.stream().sorted().toList();
      int n = sorted.size();
      if (n == 0) return 0;
      return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
  }

  /** A target checked in the run that measured it: {@code value} must be at least {@code atLeast}. */
  public record Check(String what, double value, double atLeast) {
    @JsonProperty
    public boolean holds() {
      return value >= atLeast;
    }
  }

  /**
   * How part 1 ran: each path's first run sends {@code requestsPerRun} requests, and every later run as
   * many as the path's fastest run so far answers in a little over {@code minRunSeconds}; a measured
   * run that still ends sooner runs again, bigger.
   */
  public record ThroughputSetup(int requestsPerRun, double minRunSeconds, int window, int workers, int warmupRuns,
      int measuredRuns) {}

  /** Part 1: its rows, and its {@code targets}, each a ratio of two of its rows. */
  public record Throughput(@JsonUnwrapped ThroughputSetup setup, List<ThroughputRow> rows, List<Check> targets) {
    ThroughputRow row(String path) {
      return rows.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }
  }

  /**
   * One burst of {@code requests} Long jobs sent at once. Seconds are from the first submission;
   * lateness is answer time minus send time minus the job's duration, as the client sees it, and
   * the broker's own view of it (its elapsed time, which excludes time waiting in its mailbox).
   * {@code cpuSeconds} is the CPU time the whole process used from the first send to the last answer;
   * {@code jitWaitSeconds} how long the burst waited for the JIT compilers to be idle before it began;
   * {@code compileMillis} how long they compiled while it ran (summed over the compiler threads);
   * {@code steadyWarmups} how many warm-up bursts of its size ran right before it ({@link SteadyWarmup}).
   */
  public record ConcurrencyRow(int requests, long answered, long rejected, long duplicates, double allSentSeconds,
      double lastAnswerSeconds, double cpuSeconds, long peakHeapBytes, double latenessP50Millis, double latenessP99Millis,
      double latenessMaxMillis, double brokerLatenessP50Millis, double brokerLatenessP99Millis,
      double brokerLatenessMaxMillis, double jitWaitSeconds, long compileMillis, int steadyWarmups) {

    ConcurrencyRow afterWarmups(int bursts) {
      return new ConcurrencyRow(requests, answered, rejected, duplicates, allSentSeconds, lastAnswerSeconds, cpuSeconds,
          peakHeapBytes, latenessP50Millis, latenessP99Millis, latenessMaxMillis, brokerLatenessP50Millis,
          brokerLatenessP99Millis, brokerLatenessMaxMillis, jitWaitSeconds, compileMillis, bursts);
    }
  }

  /**
   * {@code referenceRows}: the same bursts through {@code reference} (Pekko's pool router), in the same run.
   * Each route warms up with {@code warmupBursts} bursts of {@code warmupSize}; then before each row
   * bursts of its size until one compiled little ({@link SteadyWarmup}, counted in the row):
   * {@code lastWarmups} says how many before the largest ({@code lastWarmupSize}), for the broker's, the
   * reference's and the floor's rows in turn; with {@code jitQuietBeforeBursts} each burst waits for the JIT to be idle.
   * {@code floorRows}: the same bursts through {@code floor} (JobBatches straight to the workers, no broker).
   */
  public record Concurrency(double jobSeconds, int workers, String approach, int warmupBursts, int warmupSize,
      boolean heapKeptOnForcedGc, List<ConcurrencyRow> rows, String reference, List<ConcurrencyRow> referenceRows,
      int lastWarmupSize, List<Integer> lastWarmups, boolean jitQuietBeforeBursts, String floor, List<ConcurrencyRow> floorRows) {}

  /**
   * Part 3: part 1's zero-length jobs from a client node through the broker node to {@code workerNodes}
   * worker nodes; rows as in part 1, one per approach.
   */
  public record ClusterThroughput(int requestsPerRun, int window, int workerNodes, int warmupRuns, int measuredRuns,
      List<ThroughputRow> rows) {

    /** The row of {@code path}, or null (JSON written before a row existed lacks it). */
    ThroughputRow row(String path) {
      return rows.stream().filter(r -> r.path().equals(path)).findFirst().orElse(null);
    }
  }

  /**
   * Part 4, one target (the gateway or the reference server) at one size: connections answered
   * ("Response ...") and failed, seconds from the first connect to the last answer (as the client saw
   * them), the CPU time of the server's process over the burst (the client runs in a JVM of its own),
   * what the process burns idle over as long ({@code idleCpuSeconds}, sampled right before), and the
   * rest per connection answered. {@code compileMillis}: the JIT's compiling during the burst.
   * {@code firstError}: one failure's reason, or null. {@code listenOverflows}: connections the
   * kernel dropped meanwhile for a full listen queue (-1: unknown).
   */
  public record GatewaySide(long answered, long failed, double seconds, double cpuSeconds, double idleCpuSeconds,
      double cpuMillisPerConnection, long compileMillis, String firstError, long listenOverflows) {}

  /**
   * Both targets at {@code connections}; {@code extraSeconds} is the gateway's wall time minus the
   * reference's; {@code steadyWarmups}: the warm-up bursts at this size right before it.
   */
  public record GatewayRow(int connections, GatewaySide reference, GatewaySide gateway, double extraSeconds,
      int steadyWarmups) {
    GatewayRow afterWarmups(int bursts) {
      return new GatewayRow(connections, reference, gateway, extraSeconds, bursts);
    }
  }

  /**
   * Part 4: N connections at once, one bare Long request each, against serve's gateway and against a
   * reference server. {@code maxOpenFiles}: this process's file descriptor limit (the servers' sockets
   * count against it); {@code gatewayBacklog}, {@code referenceBacklog}: each one's listen queue.
   */
  public record GatewayConnections(double jobSeconds, int workers, String request, int maxConnections, int gatewayBacklog,
      int referenceBacklog, long maxOpenFiles, int warmupBursts, List<GatewayRow> rows) {}

  public record Machine(int cpus, long maxHeapBytes, String java, String vm, String os, List<String> jvmFlags) {}

  /** A part is null when it was not run. */
  public record Report(Machine machine, Throughput throughput, Concurrency concurrency, ClusterThroughput cluster,
      GatewayConnections gateway) {}
}
