package pekkolb.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.Approach;

/** The hedges the brokers sent: a line under the table for strategies that hedge, a JSON key for all. */
class HedgeReportTest {
  private static RunResult run(Approach strategy) {
    Histogram h = new Histogram(3_600_000_000L, 3);
    h.recordValue(1_000);
    return new RunResult(strategy, new RunResult.Counts(2000, 2000, 0, 0, 10), RunResult.Latencies.of(h),
        Map.of("Worker-1", 2000L), Map.of(), RunResult.BrokerTally.NONE);
  }

  private static RunResult hedged(long sent, long won) {
    return run(Approach.HEDGED_LEAST_CONNECTIONS).withBrokers(new RunResult.BrokerTally(sent, won, 1, 1));
  }

  @Test
  void theTableShowsHedgesOnlyForStrategiesThatHedge() {
    RunResult hedged = hedged(37, 12);
    String table = Report.table(List.of(run(Approach.LEAST_CONNECTIONS), hedged));
    assertTrue(table.contains("Hedges ("), table);
    String line = table.lines().filter(l -> l.startsWith("hedged_least_connections") && l.contains("37")).findFirst()
        .orElseThrow(() -> new AssertionError(table));
    assertEquals(List.of("hedged_least_connections", "37", "1.85", "12"), List.of(line.trim().split(" +")), "37 of 2000 = 1.85%");
    assertFalse(table.lines().anyMatch(l -> l.startsWith("least_connections") && l.trim().split(" +").length == 4), table);
    assertFalse(Report.table(List.of(run(Approach.LEAST_CONNECTIONS))).contains("Hedges"), "no strategy hedges: no section");
  }

  @Test
  void theJsonHasTheHedgesOfEveryStrategyAndKeepsItsOtherKeys() throws Exception {
    JsonNode all = new ObjectMapper().readTree(Report.json(List.of(run(Approach.LEAST_CONNECTIONS),
        hedged(37, 12))));
    assertEquals(0, all.get(0).get("hedges").get("sent").asLong());
    assertEquals(37, all.get(1).get("hedges").get("sent").asLong());
    assertEquals(12, all.get(1).get("hedges").get("copies_won").asLong());
    assertEquals(2000, all.get(1).get("completed").asLong());
    assertTrue(all.get(1).has("latency_ms") && all.get(1).has("per_worker") && all.get(1).has("mean_slowdown"));
  }
}
