package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Weighted round robin from the usage routees report: A58's weight, blackout and expiration; and the meter that measures usage. */
class ReportedWeightsTest {
  private static final long S = 1_000_000_000L;

  /** How many of {@code n} picks from {@code now} on (one a millisecond) went to each routee. */
  private static Map<String, Integer> picks(ReportedWeightRoundRobin wrr, List<Load> rs, int n, long now) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) counts.merge(rs.get(wrr.pick(rs, now + i * 1_000_000L)).name(), 1, Integer::sum);
    return counts;
  }

  /**
   * As {@link #picks}, after as many picks not counted: when the weights change, smooth round robin's
   * running scores start out uneven, and the first picks even them out.
   */
  private static Map<String, Integer> settledPicks(ReportedWeightRoundRobin wrr, List<Load> rs, int n, long now) {
    picks(wrr, rs, n, now);
    return picks(wrr, rs, n, now + n * 1_000_000L);
  }

  @Test
  void weightsAreQpsOverUtilizationAndAtAColdStartTheFirstReportsCountAtOnce() {
    List<Load> rs = Load.routees(3);
    ReportedWeightRoundRobin wrr = new ReportedWeightRoundRobin(ReportedWeights.defaults());
    wrr.routeesChanged(rs);
    long t = 100 * S;
    assertEquals(Map.of("worker-1", 10, "worker-2", 10, "worker-3", 10), picks(wrr, rs, 30, t), "no report yet: all alike");
    rs.get(0).report(new Usage(0.5, 10, 0), t + S); // weight 20: twice as fast as it is busy
    rs.get(1).report(new Usage(1.0, 5, 0), t + S); // weight 5
    rs.get(2).report(new Usage(1.0, 5, 0), t + S);
    // No weight was in use: every routee is new alike, and the first reports are the best guess there is.
    assertEquals(Map.of("worker-1", 20, "worker-2", 5, "worker-3", 5), picks(wrr, rs, 30, t + 2 * S));
  }

  @Test
  void untilTwoWeightsAreInUseTheRouteeWithTheFewestInFlightIsPicked() {
    List<Load> rs = Load.routees(3);
    ReportedWeightRoundRobin wrr = new ReportedWeightRoundRobin(ReportedWeights.defaults());
    wrr.routeesChanged(rs);
    long t = 100 * S;
    rs.get(0).inFlight = 5; // a slow routee that holds what it was given
    Map<String, Integer> counts = picks(wrr, rs, 30, t);
    assertNull(counts.get("worker-1"), "the one holding more gets none: " + counts);
    assertEquals(30, counts.get("worker-2") + counts.get("worker-3"));
    rs.get(0).report(new Usage(0.5, 10, 0), t + S); // one weight is not enough to weigh by
    assertNull(picks(wrr, rs, 30, t + 2 * S).get("worker-1"));
  }

  @Test
  void aRouteeThatJoinsWhileWeightsAreInUseWaitsOutTheBlackout() {
    List<Load> all = Load.routees(3);
    List<Load> first = all.subList(0, 2);
    ReportedWeightRoundRobin wrr = new ReportedWeightRoundRobin(ReportedWeights.defaults());
    wrr.routeesChanged(first);
    long t = 100 * S;
    all.get(0).report(new Usage(0.5, 10, 0), t); // 20
    all.get(1).report(new Usage(1.0, 5, 0), t); // 5
    assertEquals(Map.of("worker-1", 20, "worker-2", 5), picks(wrr, first, 25, t + S));

    wrr.routeesChanged(all);
    all.get(2).report(new Usage(0.5, 10, 0), t + 2 * S); // 20, but just started: it weighs the mean, 12.5
    for (int i = 0; i < 2; i++) all.get(i).report(all.get(i).usage, t + 2 * S);
    assertEquals(Map.of("worker-1", 40, "worker-2", 10, "worker-3", 25), settledPicks(wrr, all, 75, t + 3 * S));
    // After 10 s of its reports its own weight counts.
    for (Load r : all) r.report(r.usage, t + 13 * S);
    assertEquals(Map.of("worker-1", 40, "worker-2", 10, "worker-3", 40), settledPicks(wrr, all, 90, t + 14 * S));

    // It stops reporting for 3 minutes: its weight expires, and its next reports wait out a new blackout.
    for (int i = 0; i < 2; i++) all.get(i).report(all.get(i).usage, t + 195 * S);
    assertEquals(Map.of("worker-1", 40, "worker-2", 10, "worker-3", 25), settledPicks(wrr, all, 75, t + 196 * S));
    for (Load r : all) r.report(r.usage, t + 197 * S);
    assertEquals(Map.of("worker-1", 40, "worker-2", 10, "worker-3", 25), settledPicks(wrr, all, 75, t + 198 * S));
    for (Load r : all) r.report(r.usage, t + 208 * S);
    assertEquals(Map.of("worker-1", 40, "worker-2", 10, "worker-3", 40), settledPicks(wrr, all, 90, t + 209 * S));
  }

  @Test
  void errorsCutAWeightAndARouteeThatDoesNotReportWeighsTheMean() {
    List<Load> rs = Load.routees(3);
    ReportedWeightRoundRobin wrr = new ReportedWeightRoundRobin(ReportedWeights.defaults());
    wrr.routeesChanged(rs);
    long t = 100 * S;
    rs.get(0).report(new Usage(0.5, 10, 5), t); // 10 / (0.5 + 5 / 10 x 1) = 10
    rs.get(1).report(new Usage(0.25, 7.5, 0), t); // 30
    picks(wrr, rs, 1, t);
    for (int i = 0; i < 2; i++) rs.get(i).report(rs.get(i).usage, t + 11 * S);
    // worker-3 never reports: the mean, 20.
    assertEquals(Map.of("worker-1", 10, "worker-2", 30, "worker-3", 20), picks(wrr, rs, 60, t + 12 * S));
  }

  @Test
  void weightsNotReportedAgainExpireAndAllWeighTheSameUntilReportsComeAgain() {
    List<Load> rs = Load.routees(2);
    ReportedWeights terms = new ReportedWeights(java.time.Duration.ofSeconds(10), java.time.Duration.ofSeconds(60),
        java.time.Duration.ofSeconds(1), 1.0);
    ReportedWeightRoundRobin wrr = new ReportedWeightRoundRobin(terms);
    wrr.routeesChanged(rs);
    long t = 100 * S;
    rs.get(0).report(new Usage(0.5, 15, 0), t); // 30
    rs.get(1).report(new Usage(1.0, 10, 0), t); // 10
    picks(wrr, rs, 1, t);
    assertEquals(Map.of("worker-1", 30, "worker-2", 10), picks(wrr, rs, 40, t + 20 * S));

    // No report for a minute: the weights are dropped, and all weigh the same again.
    assertEquals(Map.of("worker-1", 20, "worker-2", 20), settledPicks(wrr, rs, 40, t + 61 * S));
    // Reports again: these routees were there at the cold start, so theirs count at once.
    for (Load r : rs) r.report(r.usage, t + 62 * S);
    assertEquals(Map.of("worker-1", 30, "worker-2", 10), settledPicks(wrr, rs, 40, t + 63 * S));
  }

  @Test
  void theMeterReadsTheShareOfSlotsInUseAndTheRatesSinceTheLastReading() {
    UsageMeter m = new UsageMeter(2, 0);
    m.started(1, 0);
    m.started(1, S / 2);
    m.ended(1, 0, S); // one slot busy all second, the other half of it
    m.ended(1, 1, 2 * S); // ... then one slot for another second, and that request failed
    Usage u = m.read(2 * S);
    assertEquals((1.0 + 0.5 + 1.0) / 2 / 2, u.utilization(), 1e-9);
    assertEquals(1.0, u.qps(), 1e-9);
    assertEquals(0.5, u.errorsPerSecond(), 1e-9);
    assertEquals(0, m.running());
    Usage idle = m.read(3 * S);
    assertEquals(0, idle.utilization(), 1e-9, "a new period: nothing ran");
    assertEquals(0, idle.qps(), 1e-9);
    assertNull(m.read(3 * S), "no time passed");
    assertThrows(IllegalArgumentException.class, () -> new Usage(-1, 0, 0));
  }
}
