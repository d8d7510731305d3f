package pekkolb.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pekkolb.bench.BenchResults.Answers;
import pekkolb.bench.BenchResults.Check;
import pekkolb.bench.BenchResults.ClusterThroughput;
import pekkolb.bench.BenchResults.Concurrency;
import pekkolb.bench.BenchResults.ConcurrencyRow;
import pekkolb.bench.BenchResults.Report;
import pekkolb.bench.BenchResults.Throughput;
import pekkolb.bench.BenchResults.ThroughputRow;

/** Prints a bench report as the tables the README shows. */
public final class BenchTable {
  private BenchTable() {}

  public static void print(Report report, PrintStream out) {
    var m = report.machine();
    out.printf(Locale.ROOT, "pekko-lb bench: %d CPUs, max heap %d MB, Java %s (%s), %s, JVM flags: %s%n",
        m.cpus(), m.maxHeapBytes() >> 20, m.java(), m.vm(), m.os(),
        m.jvmFlags().isEmpty() ? "none" : String.join(" ", m.jvmFlags()));
    if (report.throughput() != null) printThroughput(report.throughput(), out);
    if (report.concurrency() != null) printConcurrency(report.concurrency(), out);
    if (report.cluster() != null) printCluster(report.cluster(), report.throughput(), out);
    if (report.gateway() != null) GatewayTable.print(report.gateway(), out);
  }

  private static void printThroughput(Throughput t, PrintStream out) {
    var s = t.setup();
    out.printf(Locale.ROOT, "%n1. Routing throughput: zero-length jobs, %,d in flight, %d workers; %d warm-up + %d measured "
        + "runs per path, interleaved; a path's first run %,d requests, each later one sized to its speed to last >= %s s "
        + "(a measured run that ends sooner runs again, bigger)%n",
        s.window(), s.workers(), s.warmupRuns(), s.measuredRuns(), s.requestsPerRun(), trim(s.minRunSeconds()));
    double floor = t.row(ThroughputBench.FLOOR).median();
    double pool = t.row(ThroughputBench.POOL).median();
    double echoPool = t.row(ThroughputBench.ECHO_POOL).median();
    String row = "  %-40s %,12.0f %11.2f  %,10.0f - %,-10.0f %7s %7.2f %6.2f %7.2fs %9s  %s%n";
    out.printf(Locale.ROOT, "  %-40s %12s %11s  %-23s %7s %7s %6s %8s %9s  %s%n", "path", "median req/s", "cpu us/req",
        "min - max", "x floor", "x pool", "cores", "shortest", "answered", "what goes as one message");
    for (ThroughputRow r : t.rows()) {
      if (ThroughputBench.ECHO_ROWS.contains(r.path())) continue;
      out.printf(Locale.ROOT, row, r.path(), r.median(), r.cpuMicrosPerRequest(), r.min(), r.max(),
          String.format(Locale.ROOT, "%.2f", r.median() / floor), r.median() / pool, r.coresUsed(), r.shortestRunSeconds(),
          answered(r), r.batching());
    }
    out.printf("  the library, over %d echo routees (answer at once with their own message; x pool: against Routers.pool "
        + "over the same routees)%n", s.workers());
    for (ThroughputRow r : t.rows()) {
      if (!ThroughputBench.ECHO_ROWS.contains(r.path())) continue;
      out.printf(Locale.ROOT, row, r.path(), r.median(), r.cpuMicrosPerRequest(), r.min(), r.max(), "-",
          r.median() / echoPool, r.coresUsed(), r.shortestRunSeconds(), answered(r), r.batching());
    }
    for (Check c : t.targets()) {
      out.printf(Locale.ROOT, "  target: %s = %.3f (>= %s %s)%n", c.what(), c.value(), trim(c.atLeast()), holds(c.holds()));
    }
  }

  private static String answered(ThroughputRow r) {
    Answers a = r.answers();
    return a.complete() ? "all"
        : a.answered() + "/" + a.expected() + (a.duplicates() > 0 ? ", " + a.duplicates() + " twice" : "");
  }

  /** Part 3, with each approach's ratio to the in-JVM broker round_robin of part 1 when part 1 ran too. */
  private static void printCluster(ClusterThroughput c, Throughput t, PrintStream out) {
    out.printf(Locale.ROOT, "%n3. Cluster: zero-length jobs from a client node through a broker node (two, taken in "
        + "turn, in the last row) to %d worker nodes (one JVM, each node its own ActorSystem, Artery TCP on loopback, "
        + "CBOR); %,d requests per run, %,d in flight; %d warm-up + %d measured runs per path, interleaved, each measured "
        + "run begun with the JIT compilers idle%n",
        c.workerNodes(), c.requestsPerRun(), c.window(), c.warmupRuns(), c.measuredRuns());
    double inJvm = t == null ? Double.NaN : t.row(ThroughputBench.BROKER_RR).median();
    out.printf(Locale.ROOT, "  %-32s %12s  %-23s %18s %11s %6s %9s%n", "path", "median req/s", "min - max",
        "x in-JVM broker rr", "cpu us/req", "cores", "answered");
    for (ThroughputRow r : c.rows()) {
      String ratio = t == null ? "(part 1 not run)" : String.format(Locale.ROOT, "%.2f", r.median() / inJvm);
      out.printf(Locale.ROOT, "  %-32s %,12.0f  %,10.0f - %,-10.0f %18s %11.2f %6.2f %9s%n", r.path(), r.median(),
          r.min(), r.max(), ratio, r.cpuMicrosPerRequest(), r.coresUsed(), answered(r));
    }
    ThroughputRow one = c.row("cluster broker " + ClusterBench.ROUND_ROBIN);
    ThroughputRow two = c.row("cluster " + ClusterBench.TWO_BROKERS);
    if (one != null && two != null) {
      out.printf(Locale.ROOT, "  two brokers / one: %.2f (req/s), cpu us/req %.2f against %.2f; target: cpu us/req <= 10 (%s)%n",
          two.median() / one.median(), two.cpuMicrosPerRequest(), one.cpuMicrosPerRequest(),
          holds(one.cpuMicrosPerRequest() <= 10));
    }
  }

  private static String jitWaits(Concurrency c) {
    StringBuilder s = new StringBuilder();
    for (ConcurrencyRow r : c.rows()) {
      s.append(String.format(Locale.ROOT, "%s%.2f s before %,d (%d ms of compiling during it)", s.length() == 0 ? "waited " : ", ",
          r.jitWaitSeconds(), r.requests(), r.compileMillis()));
    }
    return s.length() == 0 ? "no burst measured" : s.toString();
  }

  private static String steadyWarmups(Concurrency c) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < c.rows().size(); i++) {
      List<Integer> counts = new ArrayList<>();
      for (List<ConcurrencyRow> route : List.of(c.rows(), c.referenceRows(), c.floorRows())) {
        if (i < route.size()) counts.add(route.get(i).steadyWarmups());
      }
      s.append(String.format(Locale.ROOT, "%s%,d %s", s.length() == 0 ? "" : ", ", c.rows().get(i).requests(), counts));
    }
    return s.toString();
  }

  private static void printConcurrency(Concurrency c, PrintStream out) {
    out.printf(Locale.ROOT, "%n2. Concurrency: N Long jobs (%s s) sent to the broker at once, %d workers, "
        + "unlimited slots, %s; after %d warm-up bursts of %,d 50 ms jobs%n", trim(c.jobSeconds()), c.workers(),
        c.approach(), c.warmupBursts(), c.warmupSize());
    if (c.lastWarmupSize() > 0) {
      out.printf(Locale.ROOT, "  then before each size bursts of it with %d ms jobs until one ran with the JIT compiling under %d ms; "
          + "how many before the broker's, the reference's and the floor's rows: %s%n", ConcurrencyBench.FULL_SIZE_WARMUP_JOB.toMillis(),
          SteadyWarmup.QUIET_COMPILE_MILLIS, steadyWarmups(c));
    }
    if (c.jitQuietBeforeBursts()) {
      out.printf(Locale.ROOT, "  each burst waits for the JIT compilers to be idle (Compiler.queue empty, at most %d s): %s%n",
          JitQuiet.MAX_WAIT.toSeconds(), jitWaits(c));
    }
    out.printf("  a full GC before each burst; %s%n", c.heapKeptOnForcedGc()
        ? "it does not shrink the heap (MaxHeapFreeRatio=100 while part 2 runs), as nothing shrinks a running server's"
        : "this JVM did not let the bench keep the heap's size, so each burst starts on a heap shrunk to fit");
    out.printf(Locale.ROOT, "  %10s %10s %9s %12s %8s %10s  %-28s %-26s%n", "requests", "answered", "all sent",
        "last answer", "cpu", "peak heap", "client lateness p50/p99/max", "in broker p50/p99/max (ms)");
    for (ConcurrencyRow r : c.rows()) printBurst(r, out);
    if (!c.referenceRows().isEmpty()) {
      out.printf("  reference in the same run, %s: the same bursts, one Job message per request%n", c.reference());
      for (ConcurrencyRow r : c.referenceRows()) printBurst(r, out);
    }
    if (!c.floorRows().isEmpty()) {
      out.printf("  floor in the same run, %s: what any broker adds to%n", c.floor());
      for (ConcurrencyRow r : c.floorRows()) printBurst(r, out);
    }
    for (ConcurrencyRow r : c.rows()) {
      if (r.requests() < 1_000_000) continue;
      double limit = c.jobSeconds() * 1.1;
      out.printf(Locale.ROOT, "  targets at %,d: all answered (%s); last answer within %s s of the first submission "
              + "(%.2f s, %s); lateness p99 in the broker <= 20 ms (%.1f ms, %s), at the client <= 100 ms (%.1f ms, %s); "
              + "peak heap <= 1 GB (%d MB, %s)%n",
          r.requests(), holds(r.answered() == r.requests()), trim(limit), r.lastAnswerSeconds(),
          holds(r.lastAnswerSeconds() <= limit), r.brokerLatenessP99Millis(), holds(r.brokerLatenessP99Millis() <= 20),
          r.latenessP99Millis(), holds(r.latenessP99Millis() <= 100), r.peakHeapBytes() >> 20,
          holds(r.peakHeapBytes() <= 1L << 30));
    }
  }

  private static void printBurst(ConcurrencyRow r, PrintStream out) {
    out.printf(Locale.ROOT, "  %,10d %,10d %8.2fs %11.2fs %7.2fs %7d MB  %-28s %-26s%n", r.requests(), r.answered(),
        r.allSentSeconds(), r.lastAnswerSeconds(), r.cpuSeconds(), r.peakHeapBytes() >> 20,
        String.format(Locale.ROOT, "%.1f / %.1f / %.1f", r.latenessP50Millis(), r.latenessP99Millis(), r.latenessMaxMillis()),
        Double.isNaN(r.brokerLatenessP50Millis()) ? "-" : String.format(Locale.ROOT, "%.1f / %.1f / %.1f",
            r.brokerLatenessP50Millis(), r.brokerLatenessP99Millis(), r.brokerLatenessMaxMillis()));
    if (r.rejected() > 0 || r.duplicates() > 0) {
      out.printf(Locale.ROOT, "  %10s rejected: %,d, duplicate answers: %,d%n", "", r.rejected(), r.duplicates());
    }
  }

  static String holds(boolean ok) {
    return ok ? "holds" : "MISSED";
  }

  static String trim(double seconds) {
    return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.format(Locale.ROOT, "%.2f", seconds);
  }
}
