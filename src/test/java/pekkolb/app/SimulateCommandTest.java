package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulate command: its output files, and its answers to bad input. */
class SimulateCommandTest {

  private static CommandRun run(String... args) {
    return CommandRun.of(args);
  }

  @Test
  void aShortRunPrintsTheTableAndWritesJsonAndChart(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("out.json");
    Path chart = dir.resolve("out.svg");
    // 30 s of the seed scenario at 1/100 speed: about half a second per strategy.
    CommandRun r = run("simulate", "--scenario", "seed", "--strategies", "round_robin,least_connections", "--duration", "30",
        "--time-scale", "0.01", "--seed", "5", "--no-warmup", "--json", json.toString(), "--chart", chart.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("Scenario seed:"), r.out());
    assertTrue(r.out().matches("(?s).*\\nround_robin\\s+\\d+\\s+\\d+\\s+0\\s.*"), r.out());
    assertTrue(r.out().matches("(?s).*\\nleast_connections\\s+\\d+\\s+\\d+\\s+0\\s.*"), r.out());
    assertTrue(r.err().contains("[seed] least_connections done"), r.err());

    JsonNode results = new ObjectMapper().readTree(json.toFile());
    assertEquals(2, results.size());
    assertEquals("round_robin", results.get(0).get("strategy").asText());
    assertEquals("least_connections", results.get(1).get("strategy").asText());
    for (JsonNode s : results) {
      long completed = s.get("completed").asLong();
      assertTrue(completed > 20, s.toString()); // 1.6 requests/s for 30 s
      assertEquals(0, s.get("rejected").asLong());
      assertTrue(s.get("throughput_rps").asDouble() > 0);
      JsonNode lat = s.get("latency_ms");
      for (String k : new String[] {"mean", "p50", "p90", "p95", "p99", "p999", "max"}) assertTrue(lat.has(k), k);
      // Every job takes at least 1 s (Short), unscaled, and percentiles never decrease.
      assertTrue(lat.get("p50").asDouble() >= 990, lat.toString());
      assertTrue(lat.get("p50").asDouble() <= lat.get("p99").asDouble() && lat.get("p99").asDouble() <= lat.get("max").asDouble());
      long perWorker = 0;
      for (JsonNode n : s.get("per_worker")) perWorker += n.asLong();
      assertEquals(completed, perWorker);
      assertEquals(3, s.get("per_worker").size());
    }
    // The same workload for both: the same number of requests.
    assertEquals(results.get(0).get("requests").asLong(), results.get(1).get("requests").asLong());

    String svg = Files.readString(chart);
    assertTrue(svg.startsWith("<svg"), svg);
    assertEquals(2, svg.split("<polyline").length - 1, "one line per strategy");
    assertTrue(svg.contains(">90%<") && svg.contains(">least_connections<"), svg);
  }

  @Test
  void aSweepWritesARowPerCellAndStrategyWithItsRatioToTheFirstNumberOfBrokers(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("sweep.json");
    CommandRun r = run("simulate", "--scenario", "brokers-scale", "--brokers", "1,2", "--loads", "0.5", "--modes", "reported",
        "--strategies", "least_connections", "--duration", "4", "--time-scale", "0.05", "--seed", "3", "--no-warmup",
        "--json", json.toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("x = against K = 1"), r.out());

    JsonNode rows = new ObjectMapper().readTree(json.toFile());
    assertEquals(2, rows.size(), "K = 1 and K = 2, one strategy");
    for (int i = 0; i < 2; i++) {
      JsonNode row = rows.get(i);
      assertEquals(i + 1, row.get("brokers").asInt());
      assertEquals(0.5, row.get("load").asDouble());
      assertEquals("reported", row.get("mode").asText());
      assertEquals("least_connections", row.get("strategy").asText());
      assertEquals(row.get("requests").asLong(), row.get("completed").asLong(), row.toString());
      assertTrue(row.get("latency_ms").has("p999"), row.toString());
    }
    // The same workload in both cells, and each ratio is the row's own p99 over K = 1's.
    assertEquals(rows.get(0).get("requests").asLong(), rows.get(1).get("requests").asLong());
    assertEquals(1.0, rows.get(0).get("ratio").get("p99").asDouble(), 1e-9);
    double expected = rows.get(1).get("latency_ms").get("p99").asDouble() / rows.get(0).get("latency_ms").get("p99").asDouble();
    assertEquals(expected, rows.get(1).get("ratio").get("p99").asDouble(), 0.01);
  }

  @Test
  void anUnknownScenarioIsNamedWithTheAllowedOnes() {
    CommandRun r = run("simulate", "--scenario", "rush-hour");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown scenario 'rush-hour' (allowed: seed, slow-worker, heavy-tail, multi-broker, flaky-worker, mixed-speed, brokers-scale, aperture)"), r.err());
  }

  @Test
  void anUnknownStrategyIsNamedWithTheAllowedOnes() {
    CommandRun r = run("simulate", "--scenario", "seed", "--strategies", "round_robin,fastest");
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("unknown approach 'fastest' (allowed: round_robin, least_connections, random, "
        + "power_of_two, weighted_round_robin, peak_ewma, least_work, queue, prequal, hedged_least_connections, reported_weighted_round_robin)"), r.err());
  }

  @Test
  void badNumbersAreRefusedBeforeAnythingRuns() {
    CommandRun scale = run("simulate", "--scenario", "seed", "--time-scale", "0");
    assertEquals(2, scale.exit());
    assertTrue(scale.err().contains("--time-scale must be > 0 and <= 100, got 0.0"), scale.err());

    CommandRun seed = run("simulate", "--scenario", "seed", "--seed", "abc");
    assertEquals(2, seed.exit());
    assertTrue(seed.err().contains("Invalid value for option '--seed': 'abc' is not a long"), seed.err());

    CommandRun both = run("simulate", "--scenario", "seed", "--rate", "5", "--clients", "3");
    assertEquals(2, both.exit());
    assertTrue(both.err().contains("--rate and --clients exclude each other"), both.err());
    assertEquals("", both.out(), "nothing ran");
  }
}
