package pekkolb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pekkolb.routing.StrategyTest.Load;

/** Prequal's hot-cold rule as plain Java: no actor system. */
class PrequalTest {
  private static final long MS = 1_000_000;

  private static Prequal prequal() {
    return new Prequal(new SplittableRandom(1), () -> 0L);
  }

  private static void latency(Load w, long millis) {
    w.latency.observe(millis * MS, 0);
  }

  @Test
  void aHotWorkerIsSkippedEvenWithTheLowestLatency() {
    List<Load> ws = StrategyTest.workers(5);
    long[] millis = {100, 100, 50, 100, 1};
    for (int i = 0; i < 5; i++) {
      ws.get(i).inFlight = 10;
      latency(ws.get(i), millis[i]);
    }
    ws.get(4).inFlight = 30; // above the pool's 0.8 quantile (10)
    Prequal p = prequal();
    for (int i = 0; i < 5; i++) assertEquals("Worker-3", StrategyTest.pick(p, ws));
  }

  @Test
  void amongColdWorkersTheLowestLatencyWinsNotTheFewestInFlight() {
    List<Load> ws = StrategyTest.workers(4);
    int[] inFlight = {0, 3, 3, 3};
    long[] millis = {400, 150, 120, 170};
    for (int i = 0; i < 4; i++) {
      ws.get(i).inFlight = inFlight[i];
      latency(ws.get(i), millis[i]);
    }
    assertEquals("Worker-3", StrategyTest.pick(prequal(), ws));
  }

  @Test
  void equalLatenciesGoToTheFewestInFlight() {
    List<Load> ws = StrategyTest.workers(4);
    int[] inFlight = {4, 2, 3, 4};
    for (int i = 0; i < 4; i++) ws.get(i).inFlight = inFlight[i];
    assertEquals("Worker-2", StrategyTest.pick(prequal(), ws)); // no latency seen yet: all 0
  }

  @Test
  void aSlowWorkerGetsNothingWhileItsPeersAreColdAndLoadSpreads() {
    List<Load> ws = StrategyTest.workers(11);
    for (Load w : ws) latency(w, w == ws.get(0) ? 2000 : 170);
    Prequal p = prequal();
    for (int i = 0; i < 1100; i++) {
      int pick = p.select(ws);
      assertNotEquals(0, pick, "the 2 s worker was picked at " + i);
      ws.get(pick).inFlight++; // nothing finishes: the hot-cold rule alone spreads the load
    }
    for (int i = 1; i < 11; i++) {
      assertTrue(Math.abs(ws.get(i).inFlight - 110) <= 2, ws.get(i).name + " holds " + ws.get(i).inFlight);
    }
  }

  @Test
  void aLargeFleetIsSampledAndAHotWorkerStillSkipped() {
    List<Load> ws = StrategyTest.workers(40);
    Load hot = ws.get(7);
    for (Load w : ws) {
      w.inFlight = w == hot ? 50 : 5;
      latency(w, w == hot ? 1 : 100);
    }
    Prequal p = prequal();
    Set<String> chosen = new HashSet<>();
    for (int i = 0; i < 400; i++) chosen.add(StrategyTest.pick(p, ws));
    assertTrue(!chosen.contains(hot.name), "a hot worker was picked");
    assertTrue(chosen.size() > 20, "the pool is a fresh sample each time: " + chosen.size() + " workers chosen");
  }

  @Test
  void aBusyWorkersLatencyStandsWhileAnIdleOnesFades() {
    Load busy = new Load("Worker-1");
    Load idle = new Load("Worker-2");
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
