package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A balancer with a subset greets, routes to and keeps only its share of the routees, as its peers come and go. */
class CoreSubsetTest {
  private static final String[] WORKERS = {"w-1", "w-2", "w-3", "w-4", "w-5", "w-6", "w-7", "w-8"};

  private static String id(String name) {
    return CoreHarness.ref(name).path().toString();
  }

  /** What {@code self}'s share is among {@code peers}, by the same rule every balancer applies. */
  private static Set<String> shareOf(int size, String self, String... peers) {
    List<String> ids = new ArrayList<>();
    for (String p : peers) ids.add(id(p));
    List<String> routees = new ArrayList<>();
    for (String w : WORKERS) routees.add(id(w));
    Set<String> names = new HashSet<>();
    for (String r : Subsets.of(size, ids, id(self), routees)) names.add(r.substring(r.lastIndexOf('/') + 1));
    return names;
  }

  @Test
  void itTakesNoRouteeBeforeItKnowsItsPeersThenOnlyItsShare() {
    CoreHarness h = new CoreHarness(BalancerSettings.defaults().withSubset(2), Policies.roundRobin());
    h.list(WORKERS);
    assertTrue(h.greeted.isEmpty(), "nobody greeted before the peers are known: " + h.greeted);
    assertEquals(0, h.core.routable());

    h.peers("lb-a", "lb-a", "lb-b", "lb-c", "lb-d");
    Set<String> mine = shareOf(2, "lb-a", "lb-a", "lb-b", "lb-c", "lb-d");
    assertEquals(mine, new HashSet<>(h.greeted), "greets its share and no other");
    assertEquals(mine.size(), h.core.routable());
    for (int i = 0; i < 20; i++) h.submit("r" + i);
    for (CoreHarness.Sent s : h.sent) assertTrue(mine.contains(s.routee()), s + " went outside " + mine);
  }

  @Test
  void aRouteeLeavingTheShareFinishesWhatItHoldsAndIsThenForgotten() {
    CoreHarness h = new CoreHarness(BalancerSettings.defaults().withSubset(2), Policies.roundRobin());
    h.list(WORKERS);
    h.peers("lb-a", "lb-a"); // alone: every routee
    assertEquals(WORKERS.length, h.core.routable());
    for (int i = 0; i < WORKERS.length; i++) h.submit("r" + i);
    assertEquals(WORKERS.length, h.sent.size(), "one request on each routee");

    h.peers("lb-a", "lb-a", "lb-b", "lb-c", "lb-d");
    Set<String> mine = shareOf(2, "lb-a", "lb-a", "lb-b", "lb-c", "lb-d");
    assertTrue(mine.size() < WORKERS.length, "a share smaller than all: " + mine);
    assertEquals(mine.size(), h.core.routable(), "only its share takes new requests");
    assertTrue(h.farewells.isEmpty(), "those it left still owe a reply: " + h.farewells);

    // The replies come; the routees out of the share are forgotten at the next sweep, and told.
    for (CoreHarness.Sent s : List.copyOf(h.sent)) h.core.replied(s.id(), s.attempt(), "done", BalancerCore.Outcome.DONE, -1, h.now);
    assertEquals(WORKERS.length, h.answered.size(), "every request answered where it went");
    h.core.sweep(h.now);
    Set<String> others = new HashSet<>(List.of(WORKERS));
    others.removeAll(mine);
    assertEquals(others, new HashSet<>(h.farewells));
    assertEquals(mine.size(), h.core.routees().size(), "it keeps state for its share only");

    // A peer goes: the share grows back, and the routees it takes are greeted anew.
    h.greeted.clear();
    h.peers("lb-a", "lb-a", "lb-b");
    Set<String> larger = shareOf(2, "lb-a", "lb-a", "lb-b");
    Set<String> added = new HashSet<>(larger);
    added.removeAll(mine);
    assertEquals(added, new HashSet<>(h.greeted));
    assertEquals(larger.size(), h.core.routable());
  }

  @Test
  void everyRouteeHasABalancerWhenAllWorkItOutAlone() {
    String[] lbs = {"lb-a", "lb-b", "lb-c", "lb-d"};
    Set<String> covered = new HashSet<>();
    int total = 0;
    for (String lb : lbs) {
      CoreHarness h = new CoreHarness(BalancerSettings.defaults().withSubset(2), Policies.leastConnections());
      h.list(WORKERS);
      h.peers(lb, lbs);
      covered.addAll(h.greeted);
      total += h.greeted.size();
    }
    assertEquals(Set.of(WORKERS), covered);
    assertEquals(8, total, "4 balancers x 2 each");
  }
}
