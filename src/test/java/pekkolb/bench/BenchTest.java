package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pekkolb.TestSettings;
import pekkolb.bench.BenchResults.Answers;
import pekkolb.bench.BenchResults.Check;
import pekkolb.bench.BenchResults.ClusterThroughput;
import pekkolb.bench.BenchResults.Concurrency;
import pekkolb.bench.BenchResults.ConcurrencyRow;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.GatewayRow;
import pekkolb.bench.BenchResults.GatewaySide;
import pekkolb.bench.BenchResults.Throughput;
import pekkolb.bench.BenchResults.Run;
import pekkolb.bench.BenchResults.ThroughputRow;
import pekkolb.bench.BenchResults.ThroughputSetup;

/**
 * The bench machinery at a tiny size: every request answered once, the figures consistent. No
 * timing is asserted (benchmarks measure; this checks that what they measure is complete).
 */
class BenchTest {

  private final ExecutorService control = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    control.shutdownNow();
  }

  @Test
  void throughputAnswersEveryRequestOnEveryPathInRunsOfAtLeastTheMinimum() throws Exception {
    var setup = new ThroughputSetup(1_000, 0.05, 100, 3, 1, 2);
    Throughput t = ThroughputBench.run(TestSettings.config(Map.of()), new ThroughputBench.Options(setup, Duration.ofSeconds(30)),
        control).get(120, TimeUnit.SECONDS);

    assertEquals(List.of(ThroughputBench.FLOOR, ThroughputBench.BROKER_RR, ThroughputBench.BROKER_LC,
        ThroughputBench.BROKER_P2, ThroughputBench.BROKER_RR_UNBATCHED, ThroughputBench.BROKER_RR_NO_METRICS,
        ThroughputBench.POOL, ThroughputBench.DIRECT, ThroughputBench.LIBRARY, ThroughputBench.ECHO_POOL),
        t.rows().stream().map(ThroughputRow::path).toList());
    for (ThroughputRow row : t.rows()) {
      assertTrue(row.answers().complete(), row.toString());
      // One warm-up and two measured runs, more if a measured run ended too soon; none below the first's size.
      assertTrue(row.answers().expected() >= 3 * 1_000, row.toString());
      assertEquals(2, row.runs().size(), row.path());
      long measured = 0;
      for (Run r : row.runs()) {
        assertTrue(r.seconds() >= 0.05, "a measured run lasts at least the minimum: " + row);
        assertTrue(r.requests() >= 1_000, row.toString());
        measured += r.requests();
      }
      assertTrue(measured < row.answers().expected(), "the warm-up's answers are counted too: " + row);
      assertTrue(row.min() <= row.median() && row.median() <= row.max(), row.toString());
    }
    assertEquals(ThroughputBench.EVERY_LEG, t.row(ThroughputBench.BROKER_RR).batching());
    assertEquals(ThroughputBench.WORKER_LEGS, t.row(ThroughputBench.BROKER_RR_UNBATCHED).batching());
    assertEquals(ThroughputBench.NO_LEG, t.row(ThroughputBench.LIBRARY).batching());
    assertEquals(ThroughputBench.targets(t.rows()), t.targets());
  }

  /** A row whose measured runs answered {@code perSecond[i]} requests in one second each, on half a core. */
  private static ThroughputRow row(String path, double... perSecond) {
    List<Run> runs = new ArrayList<>();
    for (double rate : perSecond) runs.add(new Run((int) rate, 1.0, 500_000_000L));
    return new ThroughputRow(path, ThroughputBench.NO_LEG, runs, new Answers(10, 10, 0));
  }

  @Test
  void aRowsFiguresAreItsMeasuredRuns() {
    ThroughputRow r = new ThroughputRow("p", ThroughputBench.NO_LEG,
        List.of(new Run(3_000_000, 1.5, 600_000_000L), new Run(1_000_000, 1.0, 500_000_000L), new Run(4_000_000, 2.0, 1_000_000_000L)),
        new Answers(9_000_000, 9_000_000, 0));
    assertEquals(List.of(2_000_000.0, 1_000_000.0, 2_000_000.0), r.runsPerSecond());
    assertEquals(2_000_000.0, r.median());
    assertEquals(1_000_000.0, r.min());
    assertEquals(2_000_000.0, r.max());
    assertEquals(0.25, r.cpuMicrosPerRequest(), 1e-12); // 0.2, 0.5, 0.25 µs
    assertEquals(0.5, r.coresUsed(), 1e-12); // 0.4, 0.5, 0.5
    assertEquals(1.0, r.shortestRunSeconds());
  }

  @Test
  void targetsAreRatiosOfTheRowsMedians() {
    List<ThroughputRow> rows = List.of(row(ThroughputBench.FLOOR, 10e6, 12e6, 11e6), row(ThroughputBench.BROKER_RR, 6e6),
        row(ThroughputBench.BROKER_LC, 5e6), row(ThroughputBench.BROKER_P2, 5e6), row(ThroughputBench.BROKER_RR_UNBATCHED, 1.5e6),
        row(ThroughputBench.BROKER_RR_NO_METRICS, 6.5e6), row(ThroughputBench.POOL, 2.5e6), row(ThroughputBench.DIRECT, 3e6),
        row(ThroughputBench.LIBRARY, 1.5e6), row(ThroughputBench.ECHO_POOL, 2e6));
    List<Check> targets = ThroughputBench.targets(rows);
    assertEquals(List.of(0.5, 2.0, 0.8, 0.95, 0.7), targets.stream().map(Check::atLeast).toList());
    assertEquals(List.of(6.0 / 11, 6 / 2.5, 1.5 / 2.5, 6 / 6.5, 1.5 / 2), targets.stream().map(Check::value).toList());
    assertEquals(List.of(true, true, false, false, true), targets.stream().map(Check::holds).toList());
  }

  @Test
  void clusterAnswersEveryRequestWithBothApproachesAndTwoBrokers() throws Exception {
    var options = new ClusterBench.Options(500, 100, 3, 0, 1, Duration.ofSeconds(30));
    ClusterThroughput c = ClusterBench.run(TestSettings.config(Map.of()), options, control).get(90, TimeUnit.SECONDS);

    assertEquals(3, c.workerNodes());
    assertEquals(List.of("cluster broker round_robin", "cluster broker least_connections", "cluster 2 brokers round_robin"),
        c.rows().stream().map(ThroughputRow::path).toList());
    for (ThroughputRow row : c.rows()) {
      assertEquals(new Answers(500, 500, 0), row.answers(), row.path());
      assertEquals(1, row.runs().size(), row.path());
    }
  }

  @Test
  void concurrencyAnswersEveryRequestOfEachBurst() throws Exception {
    // A 50 ms Long job keeps the test short; the bench itself runs the configured 5 s.
    var config = TestSettings.config(Map.of("lb.jobs.long", "50ms"));
    var options = new ConcurrencyBench.Options(List.of(1_000, 2_000), 3, 1, Duration.ofSeconds(30));
    Concurrency c = ConcurrencyBench.run(config, options, control).get(60, TimeUnit.SECONDS);

    assertEquals(0.05, c.jobSeconds(), 1e-9);
    assertEquals(List.of(1_000, 2_000), c.rows().stream().map(ConcurrencyRow::requests).toList());
    // The reference: the same bursts through Pekko's pool router, every job answered, no broker to measure.
    assertEquals(ConcurrencyBench.REFERENCE, c.reference());
    assertEquals(List.of(1_000, 2_000), c.referenceRows().stream().map(ConcurrencyRow::requests).toList());
    for (ConcurrencyRow row : c.referenceRows()) {
      assertEquals(row.requests(), row.answered(), row.toString());
      assertEquals(0, row.duplicates(), row.toString());
      assertTrue(row.latenessP50Millis() <= row.latenessP99Millis(), row.toString());
      assertTrue(Double.isNaN(row.brokerLatenessP99Millis()), row.toString());
    }
    // The floor: the same bursts in JobBatches straight to the workers, every job answered once.
    assertEquals(ConcurrencyBench.FLOOR, c.floor());
    assertEquals(List.of(1_000, 2_000), c.floorRows().stream().map(ConcurrencyRow::requests).toList());
    for (ConcurrencyRow row : c.floorRows()) {
      assertEquals(row.requests(), row.answered(), row.toString());
      assertEquals(0, row.duplicates(), row.toString());
      assertTrue(Double.isNaN(row.brokerLatenessP99Millis()), row.toString());
    }
    assertEquals(2_000, c.lastWarmupSize(), "the last warm-up bursts are of the largest measured size");
    assertEquals(3, c.lastWarmups().size(), "warmed until steady before each route's rows: " + c.lastWarmups());
    for (int bursts : c.lastWarmups()) assertTrue(bursts >= 1 && bursts <= SteadyWarmup.MAX_BURSTS, c.lastWarmups().toString());
    for (List<ConcurrencyRow> route : List.of(c.rows(), c.referenceRows(), c.floorRows())) {
      for (ConcurrencyRow row : route) { // each size warmed at its own size right before it
        assertTrue(row.steadyWarmups() >= 1 && row.steadyWarmups() <= SteadyWarmup.MAX_BURSTS, row.toString());
      }
    }
    assertEquals(List.of(c.rows().get(1).steadyWarmups(), c.referenceRows().get(1).steadyWarmups(),
        c.floorRows().get(1).steadyWarmups()), c.lastWarmups(), "the counts before the largest size");
    assertTrue(c.jitQuietBeforeBursts());
    for (ConcurrencyRow row : c.rows()) {
      assertEquals(row.requests(), row.answered(), row.toString());
      assertEquals(0, row.rejected(), row.toString());
      assertEquals(0, row.duplicates(), row.toString());
      assertTrue(row.allSentSeconds() <= row.lastAnswerSeconds(), row.toString());
      assertTrue(row.latenessP50Millis() <= row.latenessP99Millis() && row.latenessP99Millis() <= row.latenessMaxMillis(),
          row.toString());
      assertTrue(row.brokerLatenessP50Millis() <= row.brokerLatenessMaxMillis(), row.toString());
      assertTrue(row.peakHeapBytes() > 0, row.toString());
    }
  }

  @Test
  void concurrencyKeepsTheHeapItStartedOnThroughItsFullGcs() throws Exception {
    // Its first full GC once ran before the heap's size was kept, and shrank it (380 MB to 30 MB in the bench).
    var config = TestSettings.config(Map.of("lb.jobs.long", "50ms"));
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long committedBefore = memory.getHeapMemoryUsage().getCommitted();
    var options = new ConcurrencyBench.Options(List.of(1_000), 3, 1, Duration.ofSeconds(30));
    Concurrency c = ConcurrencyBench.run(config, options, control).get(60, TimeUnit.SECONDS);
    assertTrue(c.heapKeptOnForcedGc(), "this JVM lets the bench keep the heap's size");
    long committedAfter = memory.getHeapMemoryUsage().getCommitted();
    assertTrue(committedAfter >= committedBefore, "heap committed " + committedBefore + " before, " + committedAfter + " after");
  }

  @Test
  void gatewayAndReferenceAnswerEveryConnection() throws Exception {
    var config = TestSettings.config(Map.of("lb.jobs.long", "50ms"));
    var options = new GatewayBench.Options(List.of(50, 300), 3, 1, null, Duration.ofSeconds(30));
    GatewayConnections g = GatewayBench.run(config, options, control).get(120, TimeUnit.SECONDS);

    assertEquals(0.05, g.jobSeconds(), 1e-9);
    assertEquals(GatewayBench.REQUEST, g.request());
    assertTrue(g.maxConnections() >= 300, g.toString()); // raised to the biggest burst when the default is lower
    assertEquals(List.of(50, 300), g.rows().stream().map(GatewayRow::connections).toList());
    for (GatewayRow row : g.rows()) {
      for (GatewaySide side : List.of(row.reference(), row.gateway())) {
        assertEquals(row.connections(), side.answered(), row.toString());
        assertEquals(0, side.failed(), row.toString());
        assertNull(side.firstError(), row.toString());
        // No answer can come before the job's time has passed.
        assertTrue(side.seconds() >= 0.05, row.toString());
        // Linux tells the accept-queue overflows; elsewhere the figure is unknown (-1), never made up.
        assertTrue(Files.isReadable(Path.of("/proc/net/netstat")) ? side.listenOverflows() >= 0 : side.listenOverflows() == -1,
            row.toString());
      }
      assertEquals(row.gateway().seconds() - row.reference().seconds(), row.extraSeconds(), 1e-9, row.toString());
    }
  }

  @Test
  void burstClientCountsRefusedConnectionsAsFailed() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // closed again: nothing listens there
    }
    BurstClient.Result r = BurstClient.run(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
        GatewayBench.REQUEST, 20, Duration.ofSeconds(30)).get(60, TimeUnit.SECONDS);

    assertEquals(0, r.answered(), r.toString());
    assertEquals(20, r.failed(), r.toString());
    assertTrue(r.firstError() != null && r.firstError().contains("Connection refused"), r.toString());
  }

  @Test
  void theClientInAJvmOfItsOwnReportsWhatItSaw() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // closed again: nothing listens there
    }
    BurstClient.Result r;
    try (ChildClient client = ChildClient.start()) {
      r = client.burst(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), GatewayBench.REQUEST, 20,
          Duration.ofSeconds(30)).get(120, TimeUnit.SECONDS);
      BurstClient.Result again = client.burst(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
          GatewayBench.REQUEST, 5, Duration.ofSeconds(30)).get(120, TimeUnit.SECONDS);
      assertEquals(5, again.failed(), "one client JVM runs burst after burst: " + again);
    }

    assertEquals(20, r.connections(), r.toString());
    assertEquals(0, r.answered(), r.toString());
    assertEquals(20, r.failed(), r.toString());
    assertTrue(r.firstError() != null && r.firstError().contains("Connection refused"), r.toString());
    BurstClient.Result back = BurstClient.parse(BurstClient.format(r));
    assertEquals(r, back, "what the child prints is what the parent reads");
  }

  @Test
  void theReferenceInAJvmOfItsOwnAnswersAndReportsItsProcess() throws Exception {
    MeasuredServer reference = ChildReference.start(50_000_000L, 64).orElseThrow().get(60, TimeUnit.SECONDS);
    try {
      reference.settle().get(60, TimeUnit.SECONDS);
      MeasuredServer.ProcessTimes before = reference.times().get(60, TimeUnit.SECONDS);
      BurstClient.Result r = BurstClient.run(reference.address(), GatewayBench.REQUEST, 20, Duration.ofSeconds(30))
          .get(60, TimeUnit.SECONDS);
      MeasuredServer.ProcessTimes after = reference.times().get(60, TimeUnit.SECONDS);

      assertEquals(20, r.answered(), r.toString());
      // The child's own process: a JVM that started, bound and served has spent CPU, and time only grows.
      assertTrue(before.cpuNanos() > 0 && after.cpuNanos() >= before.cpuNanos(), before + " then " + after);
      assertTrue(after.compileMillis() >= before.compileMillis(), before + " then " + after);
      assertEquals(after, MeasuredServer.ProcessTimes.parse(after.format()), "what the child prints is what the parent reads");
    } finally {
      reference.close();
    }
  }
}
