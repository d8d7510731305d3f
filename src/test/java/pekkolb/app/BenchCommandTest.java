package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bench command at a tiny size end to end, and its answer to bad flags. */
class BenchCommandTest {

  private static String maxHeapFreeRatio() {
    return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("MaxHeapFreeRatio").getValue();
  }

  private static CommandRun run(String... args) {
    return CommandRun.of(args);
  }

  @Test
  void tinyRunPrintsEveryPartAndWritesJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("bench.json");
    String heapFreeRatioBefore = maxHeapFreeRatio();
    CommandRun r = run("bench", "--requests", "1000", "--min-run-seconds", "0.05", "--window", "100", "--warmup", "0",
        "--burst-warmup", "0", "--iterations", "1", "--concurrency", "1000", "--connections", "100", "--time-scale", "0.05", "--json", json.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("1. Routing throughput"), r.out());
    assertTrue(r.out().contains("broker least_connections"), r.out());
    assertTrue(r.out().contains("broker round_robin, metrics off") && r.out().contains("metrics: broker round_robin with / without = "), r.out());
    assertTrue(r.out().contains("target: library / Routers.pool over the same echo routees = "), r.out());
    assertTrue(r.out().contains("2. Concurrency"), r.out());
    assertTrue(r.out().contains("3. Cluster") && r.out().contains("cluster broker least_connections"), r.out());
    assertTrue(r.out().contains("4. Gateway") && r.out().matches("(?s).*\\n +100 +reference +100 +0 .*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n +100 +gateway +100 +0 .*"), r.out());

    JsonNode report = new ObjectMapper().readTree(json.toFile());
    // the floor, three broker approaches, round_robin unbatched and with metrics off, the pool, direct, the library and its pool
    JsonNode throughput = report.path("throughput");
    assertEquals(10, throughput.path("rows").size());
    assertTrue(r.out().contains("broker round_robin, unbatched"), r.out());
    assertEquals(0.05, throughput.path("minRunSeconds").asDouble());
    for (JsonNode row : throughput.path("rows")) {
      assertEquals(row.path("expected").asLong(), row.path("answered").asLong(), row.toString());
      assertTrue(row.path("shortestRunSeconds").asDouble() >= 0.05, row.toString());
      assertTrue(r.out().contains(row.path("batching").asText()), "the table says what " + row.path("path") + " batches");
    }
    JsonNode targets = throughput.path("targets");
    assertEquals(5, targets.size());
    for (JsonNode target : targets) {
      assertTrue(r.out().contains("target: " + target.path("what").asText() + " = "), target.toString());
      assertEquals(target.path("value").asDouble() >= target.path("atLeast").asDouble(), target.path("holds").asBoolean());
    }
    JsonNode burst = report.path("concurrency").path("rows").get(0);
    assertEquals(1000, burst.path("requests").asInt());
    assertEquals(1000, burst.path("answered").asInt());
    assertEquals(1000, report.path("concurrency").path("referenceRows").get(0).path("answered").asInt());
    assertTrue(r.out().contains("reference in the same run, Pekko Routers.pool round robin"), r.out());
    // Its full GCs did not shrink the heap while part 2 ran, and the JVM's setting is back as it was after.
    assertTrue(report.path("concurrency").path("heapKeptOnForcedGc").asBoolean(), report.path("concurrency").toString());
    assertEquals(heapFreeRatioBefore, maxHeapFreeRatio());
    JsonNode cluster = report.path("cluster").path("rows");
    assertEquals(3, cluster.size()); // round_robin, least_connections, two brokers
    for (JsonNode row : cluster) assertEquals(1000, row.path("answered").asInt());
    JsonNode gateway = report.path("gateway").path("rows").get(0);
    assertEquals(100, gateway.path("connections").asInt());
    assertEquals(100, gateway.path("gateway").path("answered").asInt());
    assertEquals(100, gateway.path("reference").path("answered").asInt());
    assertTrue(gateway.has("extraSeconds"), gateway.toString());
  }

  @Test
  void badFlagsGiveAClearErrorAndExitTwo() {
    CommandRun notANumber = run("bench", "--requests", "many");
    assertEquals(2, notANumber.exit());
    assertTrue(notANumber.err().contains("Invalid value for option '--requests': 'many' is not an int"), notANumber.err());

    CommandRun zeroWindow = run("bench", "--window", "0");
    assertEquals(2, zeroWindow.exit());
    assertTrue(zeroWindow.err().contains("--window must be >= 1, got 0"), zeroWindow.err());

    CommandRun unknownPart = run("bench", "--only", "network");
    assertEquals(2, unknownPart.exit());
    assertTrue(unknownPart.err().contains("--only must be throughput, concurrency, cluster or gateway, got 'network'"),
        unknownPart.err());

    CommandRun noConnections = run("bench", "--only", "gateway", "--connections", "0");
    assertEquals(2, noConnections.exit());
    assertTrue(noConnections.err().contains("--connections sizes must be >= 1, got 0"), noConnections.err());

    CommandRun nowhere = run("bench", "--json", "/no/such/dir/bench.json");
    assertEquals(2, nowhere.exit());
    assertTrue(nowhere.err().contains("--json: cannot write"), nowhere.err());

    CommandRun unknownFlag = run("bench", "--fast");
    assertEquals(2, unknownFlag.exit());
    assertTrue(unknownFlag.err().contains("Unknown option: '--fast'"), unknownFlag.err());
  }
}
