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
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/** Latency by app type and the mean slowdown: computed from recorded answers, shown in the table and the JSON. */
class TypeReportTest {
  private static final long HIGHEST = 3_600_000_000L;

  /** 100 Shorts (1 s jobs) answered in 1..100 s and 10 Longs (5 s jobs) answered in 10 s each. */
  private static RunResult run() {
    TypeLatencies t = new TypeLatencies(HIGHEST);
    Histogram all = new Histogram(HIGHEST, 3);
    for (int i = 1; i <= 100; i++) {
      t.record(AppType.SHORT, i * 1_000_000L, 1000);
      all.recordValue(i * 1_000_000L);
    }
    for (int i = 0; i < 10; i++) {
      t.record(AppType.LONG, 10_000_000L, 5000);
      all.recordValue(10_000_000L);
    }
    return new RunResult(Approach.QUEUE, new RunResult.Counts(110, 110, 0, 0, 100),
        new RunResult.Latencies(all, t.histograms(), t.meanSlowdown()), Map.of(), Map.of(), RunResult.BrokerTally.NONE);
  }

  @Test
  void slowdownIsAnswerTimeOverTheJobsOwnTimeAveragedOverAnswers() {
    RunResult r = run();
    // Shorts: (1 + 2 + ... + 100) / 100 = 50.5; Longs: 10 s / 5 s = 2; mean over 110 answers.
    assertEquals((50.5 * 100 + 2 * 10) / 110, r.latencies().meanSlowdown(), 1e-9);
    assertEquals(50.0, r.percentileMillis(AppType.SHORT, 50) / 1000, 0.1);
    assertEquals(99.0, r.percentileMillis(AppType.SHORT, 99) / 1000, 0.1);
    assertEquals(10.0, r.percentileMillis(AppType.LONG, 99) / 1000, 0.01);
  }

  @Test
  void aJobOfUnknownSizeCountsForLatencyOnlyAndAZeroSizeJobStaysFinite() {
    TypeLatencies t = new TypeLatencies(HIGHEST);
    t.record(AppType.SHORT, 3_000, -1);
    assertEquals(0, t.meanSlowdown());
    assertEquals(1, t.histograms().get(AppType.SHORT).getTotalCount());
    t.record(AppType.SHORT, 4_000, 0); // 4 ms for a 0 ms job: counted as 1 ms
    assertEquals(4.0, t.meanSlowdown(), 1e-9);
  }

  @Test
  void theTableGetsPerTypeColumnsOnlyWhenThereAreTwoTypes() {
    String table = Report.table(List.of(run()));
    assertTrue(table.contains("Short p50  Short p99   Long p50   Long p99  slowdown"), table);
    String row = table.lines().filter(l -> l.startsWith("queue ") && l.endsWith("46.09")).findFirst().orElseThrow();
    String[] cells = row.trim().split("\\s+");
    double[] expected = {50_000, 99_000, 10_000, 10_000};
    for (int i = 0; i < 4; i++) assertEquals(expected[i], Double.parseDouble(cells[i + 1]), expected[i] / 100, row);
    TypeLatencies one = new TypeLatencies(HIGHEST);
    one.record(AppType.SHORT, 2_000, 1);
    RunResult single = new RunResult(Approach.LEAST_WORK, new RunResult.Counts(1, 1, 0, 0, 1),
        new RunResult.Latencies(new Histogram(HIGHEST, 3), one.histograms(), one.meanSlowdown()), Map.of(), Map.of(),
        RunResult.BrokerTally.NONE);
    String plain = Report.table(List.of(single));
    assertFalse(plain.contains("Short p50"), plain);
    assertTrue(plain.contains("least_work      2.00"), plain);
  }

  @Test
  void theJsonKeepsItsKeysAndAddsLatencyByTypeAndMeanSlowdown() throws Exception {
    JsonNode o = new ObjectMapper().readTree(Report.json(List.of(run()))).get(0);
    for (String key : List.of("strategy", "requests", "completed", "rejected", "unanswered", "throughput_rps", "latency_ms",
        "per_worker")) {
      assertTrue(o.has(key), key);
    }
    assertEquals(99000.0, o.at("/latency_ms_by_type/Short/p99").asDouble(), 100);
    assertEquals(10000.0, o.at("/latency_ms_by_type/Long/p50").asDouble(), 10);
    assertEquals(46.09, o.get("mean_slowdown").asDouble(), 1e-9);
  }
}
