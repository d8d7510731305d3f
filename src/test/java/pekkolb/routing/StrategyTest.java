package pekkolb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.Approach;

/** The routing strategies as plain Java: no actor system. */
class StrategyTest {

  /** A worker as a strategy sees it, with load set by the test. */
  static final class Load implements WorkerLoad {
    final String name;
    int inFlight;
    int weight = 1;
    final PeakEwma latency;

    Load(String name, long decayNanos) {
      this.name = name;
      this.latency = new PeakEwma(decayNanos, 0);
    }

    Load(String name) {
      this(name, TimeUnit.SECONDS.toNanos(10));
    }

    @Override public String name() { return name; }
    @Override public int inFlight() { return inFlight; }
    @Override public int weight() { return weight; }
    @Override public PeakEwma latency() { return latency; }
  }

  static List<Load> workers(int n) {
    List<Load> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) list.add(new Load("Worker-" + i));
    return list;
  }

  static String pick(RoutingStrategy s, List<Load> ws) {
    return ws.get(s.select(ws)).name;
  }

  @Test
  void roundRobinVisitsInOrderAndWraps() {
    List<Load> ws = workers(3);
    RoundRobin rr = new RoundRobin();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) picks.add(pick(rr, ws));
    assertEquals(List.of("Worker-1", "Worker-2", "Worker-3", "Worker-1", "Worker-2", "Worker-3", "Worker-1"), picks);
  }

  @Test
  void roundRobinPicksTheCountOfPicksModuloTheSizeAsTheListChanges() {
    RoundRobin rr = new RoundRobin();
    int[] sizes = {3, 3, 3, 1, 2, 2, 3, 5, 5, 5, 5, 2, 3, 3, 1, 4}; // joins, leaves, a retry's one candidate
    for (int k = 0; k < sizes.length; k++) assertEquals(k % sizes[k], rr.select(workers(sizes[k])), "pick " + k);
  }

  @Test
  void roundRobinIgnoresLoad() {
    List<Load> ws = workers(2);
    ws.get(0).inFlight = 100;
    RoundRobin rr = new RoundRobin();
    assertEquals("Worker-1", pick(rr, ws));
  }

  @Test
  void leastConnectionsPicksTheLeastLoaded() {
    List<Load> ws = workers(3);
    ws.get(0).inFlight = 2;
    ws.get(1).inFlight = 0;
    ws.get(2).inFlight = 1;
    LeastConnections lc = new LeastConnections();
    for (int i = 0; i < 5; i++) assertEquals("Worker-2", pick(lc, ws));
  }

  @Test
  void leastConnectionsBreaksTiesInRotation() {
    List<Load> ws = workers(3);
    LeastConnections lc = new LeastConnections();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 6; i++) picks.add(pick(lc, ws)); // all idle: a tie every time
    assertEquals(List.of("Worker-1", "Worker-2", "Worker-3", "Worker-1", "Worker-2", "Worker-3"), picks);
  }

  @Test
  void leastConnectionsOfBrokersSeededApartStartTheirRotationsApart() {
    List<Load> ws = workers(10);
    RoutingStrategy one = new Strategies(1, () -> 0L).get(Approach.LEAST_CONNECTIONS);
    RoutingStrategy two = new Strategies(2, () -> 0L).get(Approach.LEAST_CONNECTIONS);
    java.util.Set<Integer> byOne = new java.util.HashSet<>();
    for (int i = 0; i < 10; i++) { // all idle: a tie every time
      int a = one.select(ws);
      assertNotEquals(a, two.select(ws), "turn " + i + ": both brokers picked the same idle worker");
      byOne.add(a);
    }
    assertEquals(10, byOne.size(), "each still rotates over all workers");
  }

  @Test
  void leastConnectionsCountsCompletions() {
    List<Load> ws = workers(3);
    LeastConnections lc = new LeastConnections();
    Load a = ws.get(lc.select(ws));
    a.inFlight++;
    Load b = ws.get(lc.select(ws));
    b.inFlight++;
    assertNotEquals(a.name, b.name);
    Load c = ws.get(lc.select(ws));
    assertTrue(c != a && c != b, "the third job goes to the idle worker");
    c.inFlight++;
    a.inFlight--; // a's job finished
    for (int i = 0; i < 3; i++) assertEquals(a.name, pick(lc, ws));
  }

  @Test
  void randomCoversAllWorkersRoughlyEvenly() {
    List<Load> ws = workers(4);
    RandomChoice r = new RandomChoice(new SplittableRandom(1));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 4000; i++) counts.merge(pick(r, ws), 1, Integer::sum);
    assertEquals(4, counts.size());
    counts.values().forEach(n -> assertTrue(n > 850 && n < 1150, "count " + n));
  }

  @Test
  void powerOfTwoNeverPicksTheMoreLoadedOfItsTwo() {
    // With two workers both are always drawn, so the less loaded must win every time.
    List<Load> two = workers(2);
    two.get(0).inFlight = 5;
    two.get(1).inFlight = 4;
    PowerOfTwoChoices p2c = new PowerOfTwoChoices(new SplittableRandom(7));
    for (int i = 0; i < 200; i++) assertEquals("Worker-2", pick(p2c, two));

    // With many, the most loaded worker can never win (it is the worse of any pair it is in).
    List<Load> ws = workers(10);
    for (int i = 0; i < ws.size(); i++) ws.get(i).inFlight = i;
    for (int i = 0; i < 2000; i++) assertNotEquals("Worker-10", pick(p2c, ws));
  }

  @Test
  void weightedRoundRobinIsExactAndInterleavedOverACycle() {
    List<Load> ws = workers(3);
    ws.get(0).weight = 5;
    ws.get(1).weight = 1;
    ws.get(2).weight = 1;
    WeightedRoundRobin wrr = new WeightedRoundRobin();
    wrr.workersChanged(ws);
    List<String> cycle = new ArrayList<>();
    for (int i = 0; i < 7; i++) cycle.add(pick(wrr, ws));
    // NGINX's smooth sequence for 5,1,1: a a b a c a a
    assertEquals(List.of("Worker-1", "Worker-1", "Worker-2", "Worker-1", "Worker-3", "Worker-1", "Worker-1"), cycle);

    ws.get(1).weight = 3;
    ws.get(2).weight = 2;
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10 * 100; i++) counts.merge(pick(wrr, ws), 1, Integer::sum);
    assertEquals(Map.of("Worker-1", 500, "Worker-2", 300, "Worker-3", 200), counts);
  }

  @Test
  void peakEwmaTakesPeaksAtOnceAndDecaysBack() {
    long s = TimeUnit.SECONDS.toNanos(1);
    PeakEwma ewma = new PeakEwma(10 * s, 0);
    ewma.observe(100, 0);
    assertEquals(100, ewma.estimate(0), 1e-9);
    ewma.observe(2000, s); // a peak replaces the estimate at once
    assertEquals(2000, ewma.estimate(s), 1e-9);
    ewma.observe(100, s); // a low value right after a peak barely moves it
    assertTrue(ewma.estimate(s) > 1900);
    for (int t = 2; t <= 60; t++) ewma.observe(100, t * s); // fast answers bring it back down
    assertTrue(ewma.estimate(60 * s) < 150, "decayed to " + ewma.estimate(60 * s));
    assertEquals(ewma.estimate(60 * s) * Math.exp(-1), ewma.estimate(70 * s), 1e-6); // and time alone decays it
  }

  @Test
  void peakEwmaAvoidsASlowWorkerAndReturnsWhenItRecovers() {
    long ms = TimeUnit.MILLISECONDS.toNanos(1);
    long[] now = {0};
    List<Load> ws = workers(2);
    PeakEwmaChoice choice = new PeakEwmaChoice(new SplittableRandom(3), () -> now[0]);
    ws.get(0).latency.observe(2000 * ms, 0); // Worker-1 just answered slowly
    ws.get(1).latency.observe(100 * ms, 0);
    ws.get(1).inFlight = 3; // even with more load, Worker-2 is cheaper: 100 * 4 < 2000 * 1
    for (int i = 0; i < 50; i++) assertEquals("Worker-2", pick(choice, ws));
    // Worker-1 recovers: fast answers over the next seconds bring its cost below Worker-2's.
    for (int t = 1; t <= 30; t++) {
      now[0] = t * 1000 * ms;
      ws.get(0).latency.observe(100 * ms, now[0]);
      ws.get(1).latency.observe(100 * ms, now[0]);
    }
    assertEquals("Worker-1", pick(choice, ws));
  }

  @Test
  void peakEwmaGivesANewWorkerOneJobAtATime() {
    List<Load> ws = workers(2);
    ws.get(1).latency.observe(TimeUnit.SECONDS.toNanos(1), 0);
    ws.get(1).inFlight = 50;
    PeakEwmaChoice choice = new PeakEwmaChoice(new SplittableRandom(3), () -> 0L);
    assertEquals("Worker-1", pick(choice, ws)); // unknown and idle: cost 0
    ws.get(0).inFlight = 1;
    assertEquals("Worker-2", pick(choice, ws)); // unknown with a job out: penalty
  }

  @Test
  void roundRobinGoesByWorkerNumberNotAlphabet() {
    List<Load> ws = new ArrayList<>(workers(11));
    ws.sort(java.util.Comparator.comparing(w -> w.name)); // alphabetical: 1, 10, 11, 2, ...
    ws.sort(WorkerOrder.WORKERS);
    RoundRobin rr = new RoundRobin();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 12; i++) picks.add(pick(rr, ws));
    assertEquals(List.of("Worker-1", "Worker-2", "Worker-3", "Worker-4", "Worker-5", "Worker-6", "Worker-7",
        "Worker-8", "Worker-9", "Worker-10", "Worker-11", "Worker-1"), picks);
  }

  @Test
  void workerOrderComparesEveryNumberInTheNameAsANumber() {
    List<String> names = new ArrayList<>(List.of("Worker-4", "Worker-3.10", "Worker-10", "Worker-3.2", "Worker-3", "Worker-02"));
    names.sort(WorkerOrder.NAMES);
    assertEquals(List.of("Worker-02", "Worker-3", "Worker-3.2", "Worker-3.10", "Worker-4", "Worker-10"), names);
  }

  @Test
  void everyStrategySkipsRemovedWorkers() {
    for (Approach a : Approach.values()) {
      RoutingStrategy s = new Strategies(5, () -> 0L).get(a);
      List<Load> ws = workers(3);
      s.workersChanged(ws);
      for (int i = 0; i < 10; i++) pick(s, ws);
      List<Load> fewer = List.of(ws.get(0), ws.get(2)); // Worker-2 removed
      s.workersChanged(fewer);
      for (int i = 0; i < 100; i++) {
        int idx = s.select(fewer);
        assertTrue(idx >= 0 && idx < 2, a + " picked index " + idx);
        assertNotEquals("Worker-2", fewer.get(idx).name);
      }
    }
  }

  @Test
  void parseNamesTheBadValueAndTheAllowedOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Approach.parse("fastest"));
    assertEquals("unknown approach 'fastest' (allowed: round_robin, least_connections, random, power_of_two, "
        + "weighted_round_robin, peak_ewma, least_work, queue, prequal, hedged_least_connections)", e.getMessage());
    assertEquals(Approach.PEAK_EWMA, Approach.parse("peak_ewma"));
  }
}
