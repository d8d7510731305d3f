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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pekkolb.TestSettings;
import pekkolb.bench.BenchResults.ClusterThroughput;
import pekkolb.bench.BenchResults.Concurrency;
import pekkolb.bench.BenchResults.ConcurrencyRow;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.GatewayRow;
import pekkolb.bench.BenchResults.GatewaySide;
import pekkolb.bench.BenchResults.Throughput;
import pekkolb.bench.BenchResults.ThroughputRow;

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
  void throughputAnswersEveryRequestOnEveryPath() throws Exception {
    var options = new ThroughputBench.Options(1_000, 100, 3, 1, 2, Duration.ofSeconds(30));
    Throughput t = ThroughputBench.run(TestSettings.config(Map.of()), options, control).get(60, TimeUnit.SECONDS);

    assertEquals(List.of(ThroughputBench.DIRECT, ThroughputBench.POOL, ThroughputBench.BROKER_RR,
        ThroughputBench.BROKER_LC, ThroughputBench.BROKER_P2, ThroughputBench.BROKER_RR_UNBATCHED,
        ThroughputBench.BROKER_RR_NO_METRICS), t.rows().stream().map(ThroughputRow::path).toList());
    for (ThroughputRow row : t.rows()) {
      assertEquals(3 * 1_000, row.expected(), row.path()); // one warm-up and two measured runs
      assertEquals(row.expected(), row.answered(), row.path());
      assertEquals(0, row.duplicates(), row.path());
      assertEquals(2, row.runsPerSecond().size(), row.path());
      assertTrue(row.min() > 0 && row.min() <= row.median() && row.median() <= row.max(), row.toString());
      assertTrue(row.cpuMicrosPerRequest() >= 0 && row.coresUsed() >= 0, row.toString());
    }
  }

  @Test
  void clusterAnswersEveryRequestWithBothApproachesAndTwoBrokers() throws Exception {
    var options = new ClusterBench.Options(500, 100, 3, 0, 1, Duration.ofSeconds(30));
    ClusterThroughput c = ClusterBench.run(TestSettings.config(Map.of()), options, control).get(90, TimeUnit.SECONDS);

    assertEquals(3, c.workerNodes());
    assertEquals(List.of("cluster broker round_robin", "cluster broker least_connections", "cluster 2 brokers round_robin"),
        c.rows().stream().map(ThroughputRow::path).toList());
    for (ThroughputRow row : c.rows()) {
      assertEquals(500, row.expected(), row.path());
      assertEquals(row.expected(), row.answered(), row.path());
      assertEquals(0, row.duplicates(), row.path());
      assertEquals(1, row.runsPerSecond().size(), row.path());
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
    for (ConcurrencyRow row : c.rows()) assertTrue(row.compileMillis() >= 0, row.toString());
    assertTrue(c.jitQuietBeforeBursts());
    for (ConcurrencyRow row : c.rows()) assertTrue(row.jitWaitSeconds() >= 0 && row.jitWaitSeconds() <= 11, row.toString());
    for (ConcurrencyRow row : c.rows()) {
      assertEquals(row.requests(), row.answered(), row.toString());
      assertEquals(0, row.rejected(), row.toString());
      assertEquals(0, row.duplicates(), row.toString());
      assertTrue(row.allSentSeconds() >= 0 && row.allSentSeconds() <= row.lastAnswerSeconds(), row.toString());
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
        assertTrue(side.seconds() >= 0.05 && side.cpuSeconds() >= 0, row.toString());
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
