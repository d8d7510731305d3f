package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Prequal's hot-cold rule as plain Java: loads and latencies set by the test. */
class PrequalTest {
  private static final long MS = 1_000_000;

  private static Prequal prequal() {
    return new Prequal(new SplittableRandom(1));
  }

  private static void latency(Load r, long millis) {
    r.latency.observe(millis * MS, 0);
  }

  @Test
  void aHotRouteeIsSkippedEvenWithTheLowestLatency() {
    List<Load> rs = Load.routees(5);
    long[] millis = {100, 100, 50, 100, 1};
    for (int i = 0; i < 5; i++) {
      rs.get(i).inFlight = 10;
      latency(rs.get(i), millis[i]);
    }
    rs.get(4).inFlight = 30; // above the pool's 0.8 quantile (10)
    Prequal p = prequal();
    for (int i = 0; i < 5; i++) assertEquals("worker-3", PoliciesTest.pick(p, rs));
  }

  @Test
  void amongColdRouteesTheLowestLatencyWinsNotTheFewestInFlight() {
    List<Load> rs = Load.routees(4);
    int[] inFlight = {0, 3, 3, 3};
    long[] millis = {400, 150, 120, 170};
    for (int i = 0; i < 4; i++) {
      rs.get(i).inFlight = inFlight[i];
      latency(rs.get(i), millis[i]);
    }
    assertEquals("worker-3", PoliciesTest.pick(prequal(), rs));
  }

  @Test
  void equalLatenciesGoToTheFewestInFlight() {
    List<Load> rs = Load.routees(4);
    int[] inFlight = {4, 2, 3, 4};
    for (int i = 0; i < 4; i++) rs.get(i).inFlight = inFlight[i];
    assertEquals("worker-2", PoliciesTest.pick(prequal(), rs)); // no latency seen yet: all 0
  }

  @Test
  void aSlowRouteeGetsNothingWhileItsPeersAreColdAndLoadSpreads() {
    List<Load> rs = Load.routees(11);
    for (Load r : rs) latency(r, r == rs.get(0) ? 2000 : 170);
    Prequal p = prequal();
    for (int i = 0; i < 1100; i++) {
      int pick = p.pick(rs, 0);
      assertNotEquals(0, pick, "the 2 s routee was picked at " + i);
      rs.get(pick).inFlight++; // nothing finishes: the hot-cold rule alone spreads the load
    }
    for (int i = 1; i < 11; i++) {
      assertTrue(Math.abs(rs.get(i).inFlight - 110) <= 2, rs.get(i).name + " holds " + rs.get(i).inFlight);
    }
  }

  @Test
  void aLargeFleetIsSampledAndAHotRouteeStillSkipped() {
    List<Load> rs = Load.routees(40);
    Load hot = rs.get(7);
    for (Load r : rs) {
      r.inFlight = r == hot ? 50 : 5;
      latency(r, r == hot ? 1 : 100);
    }
    Prequal p = prequal();
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 400; i++) chosen.add(PoliciesTest.pick(p, rs));
    assertTrue(!chosen.contains(hot.name), "a hot routee was picked");
    assertTrue(chosen.size() > 20, "the pool is a fresh sample each time: " + chosen.size() + " routees chosen");
  }

  @Test
  void aBusyRouteesLatencyStandsWhileAnIdleOnesFades() {
    Load busy = new Load("worker-1");
    Load idle = new Load("worker-2");
    busy.latency.observe(2000 * MS, 0);
    idle.latency.observe(2000 * MS, 0);
    busy.inFlight = 3;
    long later = 10_000 * MS; // one decay constant (10 s) later
    assertEquals(2000 * MS, Prequal.latency(busy, later), 1.0);
    assertEquals(2000 * MS * Math.exp(-1), Prequal.latency(idle, later), 1e3);
  }

  @Test
  void theQuantileIsANearestRankOfThePool() {
    assertEquals(8, Prequal.quantile(new int[] {1, 9, 3, 8, 2}, 5)); // rank ceil(0.8 * 5) = 4th of 1 2 3 8 9
    assertEquals(4, Prequal.quantile(new int[] {4}, 1));
  }
}
