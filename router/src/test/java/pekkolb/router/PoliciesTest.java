package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pickers behind {@link Policies}, as plain Java: loads set by the test, no balancer. */
class PoliciesTest {

  static String pick(Policy.Picker p, List<? extends RouteeLoad> routees) {
    return routees.get(p.pick(routees, 0)).name();
  }

  @Test
  void roundRobinVisitsInOrderAndWraps() {
    List<Load> rs = Load.routees(3);
    RoundRobin rr = new RoundRobin();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 7; i++) picks.add(pick(rr, rs));
    assertEquals(List.of("worker-1", "worker-2", "worker-3", "worker-1", "worker-2", "worker-3", "worker-1"), picks);
  }

  @Test
  void roundRobinPicksTheCountOfPicksModuloTheSizeAsTheListChanges() {
    RoundRobin rr = new RoundRobin();
    int[] sizes = {3, 3, 3, 1, 2, 2, 3, 5, 5, 5, 5, 2, 3, 3, 1, 4}; // joins, leaves, a retry's one candidate
    for (int k = 0; k < sizes.length; k++) assertEquals(k % sizes[k], rr.pick(Load.routees(sizes[k]), 0), "pick " + k);
  }

  @Test
  void roundRobinIgnoresLoad() {
    List<Load> rs = Load.routees(2);
    rs.get(0).inFlight = 100;
    assertEquals("worker-1", pick(new RoundRobin(), rs));
  }

  @Test
  void roundRobinGoesByRouteeNumberNotAlphabet() {
    List<Load> rs = new ArrayList<>(Load.routees(11));
    rs.sort(Comparator.comparing(Load::name)); // alphabetical: 1, 10, 11, 2, ...
    rs.sort(RouteeOrder.ROUTEES);
    RoundRobin rr = new RoundRobin();
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 12; i++) picks.add(pick(rr, rs));
    assertEquals(List.of("worker-1", "worker-2", "worker-3", "worker-4", "worker-5", "worker-6", "worker-7",
        "worker-8", "worker-9", "worker-10", "worker-11", "worker-1"), picks);
  }

  @Test
  void routeeOrderComparesEveryNumberInTheNameAsANumber() {
    List<String> names = new ArrayList<>(List.of("worker-4", "worker-3.10", "worker-10", "worker-3.2", "worker-3", "worker-02"));
    names.sort(RouteeOrder.NAMES);
    assertEquals(List.of("worker-02", "worker-3", "worker-3.2", "worker-3.10", "worker-4", "worker-10"), names);
    assertTrue(RouteeOrder.NAMES.compare("w-99999999999999999999", "w-100000000000000000000") < 0, "no overflow");
    assertTrue(RouteeOrder.NAMES.compare("w-2", "w-02") != 0, "equal numbers, different names: still apart");
  }

  @Test
  void leastConnectionsPicksTheLeastLoaded() {
    List<Load> rs = Load.routees(3);
    rs.get(0).inFlight = 2;
    rs.get(2).inFlight = 1;
    LeastConnections lc = new LeastConnections(0);
    for (int i = 0; i < 5; i++) assertEquals("worker-2", pick(lc, rs));
  }

  @Test
  void leastConnectionsBreaksTiesInRotation() {
    List<Load> rs = Load.routees(3);
    LeastConnections lc = new LeastConnections(0);
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 6; i++) picks.add(pick(lc, rs)); // all idle: a tie every time
    assertEquals(List.of("worker-1", "worker-2", "worker-3", "worker-1", "worker-2", "worker-3"), picks);
  }

  @Test
  void leastConnectionsOfBalancersSeededApartStartTheirRotationsApart() {
    List<Load> rs = Load.routees(10);
    Policy.Picker one = Policies.leastConnections().newPicker(new SplittableRandom(1));
    Policy.Picker two = Policies.leastConnections().newPicker(new SplittableRandom(2));
    Set<Integer> byOne = new HashSet<>();
    for (int i = 0; i < 10; i++) { // all idle: a tie every time
      int a = one.pick(rs, 0);
      assertNotEquals(a, two.pick(rs, 0), "turn " + i + ": both balancers picked the same idle routee");
      byOne.add(a);
    }
    assertEquals(10, byOne.size(), "each still rotates over all routees");
  }

  @Test
  void leastConnectionsCountsCompletions() {
    List<Load> rs = Load.routees(3);
    LeastConnections lc = new LeastConnections(0);
    Load a = rs.get(lc.pick(rs, 0));
    a.inFlight++;
    Load b = rs.get(lc.pick(rs, 0));
    b.inFlight++;
    assertNotEquals(a.name, b.name);
    Load c = rs.get(lc.pick(rs, 0));
    assertTrue(c != a && c != b, "the third request goes to the idle routee");
    c.inFlight++;
    a.inFlight--; // a's request was answered
    for (int i = 0; i < 3; i++) assertEquals(a.name, pick(lc, rs));
  }

  @Test
  void leastConnectionsCountsOtherBalancersReportedRequests() {
    List<Load> rs = Load.routees(2);
    rs.get(0).others = 5;
    rs.get(1).inFlight = 3;
    LeastConnections lc = new LeastConnections(0);
    for (int i = 0; i < 4; i++) assertEquals("worker-2", pick(lc, rs), "3 of its own against 5 of others'");
  }

  @Test
  void randomCoversAllRouteesRoughlyEvenly() {
    List<Load> rs = Load.routees(4);
    RandomChoice r = new RandomChoice(new SplittableRandom(1));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 4000; i++) counts.merge(pick(r, rs), 1, Integer::sum);
    assertEquals(4, counts.size());
    counts.values().forEach(n -> assertTrue(n > 850 && n < 1150, "count " + n));
  }

  @Test
  void powerOfTwoNeverPicksTheMoreLoadedOfItsTwo() {
    // With two routees both are always drawn, so the less loaded must win every time.
    List<Load> two = Load.routees(2);
    two.get(0).inFlight = 5;
    two.get(1).inFlight = 4;
    TwoChoices p2c = new TwoChoices(new SplittableRandom(7), TwoChoices::lessLoaded);
    for (int i = 0; i < 200; i++) assertEquals("worker-2", pick(p2c, two));

    // With many, the most loaded routee can never win (it is the worse of any pair it is in).
    List<Load> rs = Load.routees(10);
    for (int i = 0; i < rs.size(); i++) rs.get(i).inFlight = i;
    Set<String> picked = new HashSet<>();
    for (int i = 0; i < 2000; i++) picked.add(pick(p2c, rs));
    assertTrue(!picked.contains("worker-10"), "the most loaded was picked");
    assertEquals(9, picked.size(), "every other routee wins some pair: " + picked);
  }

  @Test
  void powerOfTwoWithOneRouteePicksIt() {
    TwoChoices p2c = new TwoChoices(new SplittableRandom(7), TwoChoices::lessLoaded);
    assertEquals(0, p2c.pick(Load.routees(1), 0));
  }

  @Test
  void weightedRoundRobinIsExactAndInterleavedOverACycle() {
    Map<String, Integer> weights = Map.of("worker-1", 5, "worker-2", 1, "worker-3", 1);
    List<Load> rs = Load.routees(3);
    WeightedRoundRobin wrr = new WeightedRoundRobin(ref -> weights.get(ref.path().name()));
    wrr.routeesChanged(rs);
    List<String> cycle = new ArrayList<>();
    for (int i = 0; i < 7; i++) cycle.add(pick(wrr, rs));
    // NGINX's smooth sequence for 5,1,1: a a b a c a a
    assertEquals(List.of("worker-1", "worker-1", "worker-2", "worker-1", "worker-3", "worker-1", "worker-1"), cycle);

    Map<String, Integer> other = Map.of("worker-1", 5, "worker-2", 3, "worker-3", 2);
    WeightedRoundRobin wrr2 = new WeightedRoundRobin(ref -> other.get(ref.path().name()));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 10 * 100; i++) counts.merge(pick(wrr2, rs), 1, Integer::sum);
    assertEquals(Map.of("worker-1", 500, "worker-2", 300, "worker-3", 200), counts);
  }

  @Test
  void weightedRoundRobinRefusesAWeightBelowOne() {
    WeightedRoundRobin wrr = new WeightedRoundRobin(ref -> 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wrr.routeesChanged(Load.routees(1)));
    assertTrue(e.getMessage().contains("worker-1"), e.getMessage());
  }

  @Test
  void weightedRoundRobinKeepsTheCycleOfSurvivorsWhenARouteeLeaves() {
    Map<String, Integer> weights = Map.of("worker-1", 2, "worker-2", 1, "worker-3", 1);
    List<Load> rs = Load.routees(3);
    WeightedRoundRobin wrr = new WeightedRoundRobin(ref -> weights.get(ref.path().name()));
    wrr.routeesChanged(rs);
    pick(wrr, rs); // worker-1
    List<Load> fewer = List.of(rs.get(0), rs.get(1)); // worker-3 left
    wrr.routeesChanged(fewer);
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 300; i++) counts.merge(pick(wrr, fewer), 1, Integer::sum);
    assertEquals(Map.of("worker-1", 200, "worker-2", 100), counts);
  }

  @Test
  void peakEwmaTakesPeaksAtOnceAndDecaysBack() {
    long s = TimeUnit.SECONDS.toNanos(1);
    PeakEwma ewma = new PeakEwma(10 * s, 0);
    assertEquals(0, ewma.estimate(0), "nothing seen yet");
    ewma.observe(100, 0);
    assertEquals(100, ewma.estimate(0), 1e-9);
    ewma.observe(2000, s); // a peak replaces the estimate at once
    assertEquals(2000, ewma.estimate(s), 1e-9);
    ewma.observe(100, s); // a low value right after a peak barely moves it
    assertTrue(ewma.estimate(s) > 1900);
    for (int t = 2; t <= 60; t++) ewma.observe(100, t * s); // fast replies bring it back down
    assertTrue(ewma.estimate(60 * s) < 150, "decayed to " + ewma.estimate(60 * s));
    assertEquals(ewma.estimate(60 * s) * Math.exp(-1), ewma.estimate(70 * s), 1e-6); // and time alone decays it
    assertEquals(ewma.lastEstimate(), ewma.estimate(60 * s), 1e-9, "the last estimate is not decayed");
  }

  @Test
  void peakEwmaAvoidsASlowRouteeAndReturnsWhenItRecovers() {
    long ms = TimeUnit.MILLISECONDS.toNanos(1);
    List<Load> rs = Load.routees(2);
    TwoChoices choice = new TwoChoices(new SplittableRandom(3), TwoChoices::cheaperByLatency);
    rs.get(0).latency.observe(2000 * ms, 0); // worker-1 just replied slowly
    rs.get(1).latency.observe(100 * ms, 0);
    rs.get(1).inFlight = 3; // even with more load, worker-2 is cheaper: 100 * 4 < 2000 * 1
    for (int i = 0; i < 50; i++) assertEquals(1, choice.pick(rs, 0));
    // worker-1 recovers: fast replies over the next seconds bring its cost below worker-2's.
    long now = 0;
    for (int t = 1; t <= 30; t++) {
      now = t * 1000 * ms;
      rs.get(0).latency.observe(100 * ms, now);
      rs.get(1).latency.observe(100 * ms, now);
    }
    assertEquals(0, choice.pick(rs, now));
  }

  @Test
  void peakEwmaGivesANewRouteeOneRequestAtATime() {
    List<Load> rs = Load.routees(2);
    rs.get(1).latency.observe(TimeUnit.SECONDS.toNanos(1), 0);
    rs.get(1).inFlight = 50;
    TwoChoices choice = new TwoChoices(new SplittableRandom(3), TwoChoices::cheaperByLatency);
    assertEquals("worker-1", pick(choice, rs)); // unknown and idle: cost 0
    rs.get(0).inFlight = 1;
    assertEquals("worker-2", pick(choice, rs)); // unknown with a request out: the penalty
  }

  @Test
  void everyPolicyPicksOnlyAmongTheRouteesItIsGiven() {
    List<Policy> policies = List.of(Policies.roundRobin(), Policies.leastConnections(), Policies.random(),
        Policies.powerOfTwoChoices(), Policies.peakEwma(), Policies.leastWork(), Policies.prequal(),
        Policies.weightedRoundRobin(ref -> 2));
    for (Policy policy : policies) {
      Policy.Picker p = policy.newPicker(new SplittableRandom(5));
      List<Load> rs = Load.routees(3);
      p.routeesChanged(rs);
      for (int i = 0; i < 10; i++) rs.get(p.pick(rs, 0)).inFlight++;
      List<Load> fewer = List.of(rs.get(0), rs.get(2)); // worker-2 left
      p.routeesChanged(fewer);
      Set<String> picked = new HashSet<>();
      for (int i = 0; i < 100; i++) {
        int idx = p.pick(fewer, 0);
        assertTrue(idx >= 0 && idx < 2, policy + " picked index " + idx);
        picked.add(fewer.get(idx).name);
        fewer.get(idx).inFlight++;
      }
      assertEquals(Set.of("worker-1", "worker-3"), picked, "both left are used");
    }
  }
}
