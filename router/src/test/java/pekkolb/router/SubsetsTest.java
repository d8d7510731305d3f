package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each balancer's share of the routees: bounded both ways, alike for all, and moving little when members come and go. */
class SubsetsTest {

  private static List<String> named(String prefix, int n) {
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= n; i++) names.add("pekko://sim/user/" + prefix + "-" + i);
    return names;
  }

  /** How many balancers route to each routee. */
  private static Map<String, Integer> fanIn(List<Set<String>> subsets) {
    Map<String, Integer> fanIn = new HashMap<>();
    for (Set<String> s : subsets) for (String r : s) fanIn.merge(r, 1, Integer::sum);
    return fanIn;
  }

  /** Assignments (balancer, routee) in one and not the other, balancers matched by name. */
  private static int moved(List<String> peersBefore, List<Set<String>> before, List<String> peersAfter, List<Set<String>> after) {
    Map<String, Set<String>> a = new HashMap<>();
    for (int i = 0; i < peersBefore.size(); i++) a.put(peersBefore.get(i), before.get(i));
    Map<String, Set<String>> b = new HashMap<>();
    for (int i = 0; i < peersAfter.size(); i++) b.put(peersAfter.get(i), after.get(i));
    Set<String> all = new HashSet<>(a.keySet());
    all.addAll(b.keySet());
    int moved = 0;
    for (String p : all) {
      Set<String> x = a.getOrDefault(p, Set.of());
      Set<String> y = b.getOrDefault(p, Set.of());
      for (String r : x) if (!y.contains(r)) moved++;
      for (String r : y) if (!x.contains(r)) moved++;
    }
    return moved;
  }

  @Test
  void sixteenBalancersOverSixtyFourRouteesTakeSixteenEachOnAverageAndEveryRouteeHasFour() {
    List<String> brokers = named("broker", 16);
    List<String> workers = named("Worker", 64);
    List<Set<String>> subsets = Subsets.all(16, brokers, workers);
    Map<String, Integer> fanIn = fanIn(subsets);
    assertEquals(64, fanIn.size(), "every worker has a broker");
    for (int n : fanIn.values()) assertEquals(4, n, "16 x 16 / 64");
    assertEquals(256, subsets.stream().mapToInt(Set::size).sum());
    for (Set<String> s : subsets) assertTrue(s.size() >= 8 && s.size() <= 24, "about 16: " + s.size());
    // Worked out alone, each balancer gets the same answer as when all are worked out together.
    assertEquals(subsets.get(5), Subsets.of(16, brokers, brokers.get(5), workers));
    // The order of the lists does not matter.
    List<String> shuffled = new ArrayList<>(workers);
    java.util.Collections.reverse(shuffled);
    assertEquals(subsets.get(5), Subsets.of(16, reversed(brokers), brokers.get(5), shuffled));
  }

  private static List<String> reversed(List<String> list) {
    List<String> r = new ArrayList<>(list);
    java.util.Collections.reverse(r);
    return r;
  }

  @Test
  void withoutASizeOrWithOneBalancerOrASizeThatCoversThemAllEveryRouteeIsTaken() {
    List<String> workers = named("w", 10);
    assertEquals(Set.copyOf(workers), Subsets.of(0, named("b", 4), "pekko://sim/user/b-1", workers));
    assertEquals(Set.copyOf(workers), Subsets.of(3, List.of(), "me", workers), "alone: all");
    assertEquals(Set.copyOf(workers), Subsets.of(10, named("b", 4), "pekko://sim/user/b-2", workers));
  }

  @Test
  void fewBalancersWithSmallSubsetsStillCoverEveryRoutee() {
    // 2 x 16 would leave 32 of 64 routees to nobody: each balancer takes half instead.
    List<Set<String>> subsets = Subsets.all(16, named("b", 2), named("w", 64));
    Map<String, Integer> fanIn = fanIn(subsets);
    assertEquals(64, fanIn.size());
    for (int n : fanIn.values()) assertEquals(1, n);
  }

  @Test
  void noRouteeIsSharedByMoreThanTwiceTheMeanWhateverTheSizes() {
    SplittableRandom random = new SplittableRandom(11);
    for (int trial = 0; trial < 500; trial++) {
      List<String> peers = randomNames(random, "b", 1 + random.nextInt(40));
      List<String> routees = randomNames(random, "w", 1 + random.nextInt(150));
      int size = 1 + random.nextInt(routees.size());
      List<Set<String>> subsets = Subsets.all(size, peers, routees);
      Map<String, Integer> fanIn = fanIn(subsets);
      String what = peers.size() + " balancers, " + routees.size() + " routees, size " + size;
      assertEquals(routees.size(), fanIn.size(), "every routee has a balancer: " + what);
      double mean = subsets.stream().mapToInt(Set::size).sum() / (double) routees.size();
      int max = fanIn.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
      assertTrue(max <= 2 * mean, "fan-in " + max + " against a mean of " + mean + ": " + what);
      assertTrue(max <= Math.ceil(mean), "rounded up at most: " + max + " against " + mean + ": " + what);
    }
  }

  private static List<String> randomNames(SplittableRandom random, String prefix, int n) {
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < n) names.add(prefix + "-" + random.nextInt(1_000_000));
    return new ArrayList<>(names);
  }

  @Test
  void aRouteeThatLeavesMovesOnlyItsOwnAssignmentsAndTheFewThatKeepTheTotal() {
    SplittableRandom random = new SplittableRandom(5);
    for (int trial = 0; trial < 300; trial++) {
      List<String> peers = randomNames(random, "b", 2 + random.nextInt(30));
      List<String> routees = randomNames(random, "w", 3 + random.nextInt(120));
      int size = 1 + random.nextInt(routees.size() - 1);
      List<Set<String>> before = Subsets.all(size, peers, routees);
      String leaving = routees.get(random.nextInt(routees.size()));
      List<String> rest = new ArrayList<>(routees);
      rest.remove(leaving);
      List<Set<String>> after = Subsets.all(size, peers, rest);
      int itsOwn = fanIn(before).get(leaving);
      int moved = moved(peers, before, peers, after);
      // Its assignments go, and about as many come to the others to keep each balancer near its size:
      // the fewest any subsetting that keeps both bounds can move, within rounding.
      String what = peers.size() + " balancers, " + routees.size() + " routees, size " + size;
      assertTrue(moved <= 2 * itsOwn + 2, "moved " + moved + " for a routee shared by " + itsOwn + ": " + what);
      for (int b = 0; b < peers.size(); b++) {
        Set<String> lost = new HashSet<>(before.get(b));
        lost.removeAll(after.get(b));
        lost.remove(leaving);
        Set<String> gained = new HashSet<>(after.get(b));
        gained.removeAll(before.get(b));
        assertTrue(lost.isEmpty(), "a balancer keeps every routee that stays: " + what);
        assertTrue(gained.size() <= 1 + (int) Math.ceil((double) size * peers.size() / rest.size()), what);
      }
      // And back: the same routee joining moves the same assignments back.
      assertEquals(moved, moved(peers, after, peers, Subsets.all(size, peers, routees)));
    }
  }

  @Test
  void aBalancerThatJoinsTakesItsShareFromTheOthersAndTheRestStay() {
    SplittableRandom random = new SplittableRandom(9);
    long movedTotal = 0;
    long takenTotal = 0;
    for (int trial = 0; trial < 300; trial++) {
      List<String> peers = randomNames(random, "b", 2 + random.nextInt(30));
      List<String> routees = randomNames(random, "w", 10 + random.nextInt(120));
      int size = 1 + random.nextInt(routees.size() / 2);
      List<Set<String>> before = Subsets.all(size, peers, routees);
      List<String> more = new ArrayList<>(peers);
      more.add("b-new-" + trial);
      List<Set<String>> after = Subsets.all(size, more, routees);
      int taken = after.get(after.size() - 1).size();
      int moved = moved(peers, before, more, after);
      // What the newcomer takes, what the others give up for it, and the few that keep the total.
      assertTrue(moved <= 3 * taken + 2 * size + 2, "moved " + moved + " for a newcomer with " + taken);
      movedTotal += moved;
      takenTotal += taken;
    }
    assertTrue(movedTotal <= 3 * takenTotal, "on average at most three moves per routee the newcomer takes: "
        + movedTotal + " for " + takenTotal);
  }
}
