package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.router.CoreHarness.MS;
import static pekkolb.router.CoreHarness.S;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerCore.Outcome;
import pekkolb.router.CoreHarness.Sent;

/** Outlier ejection and slow start: {@link Ejection} as plain Java with the time handed in, then through the core. */
class EjectionTest {

  /** Judged over 2 s from 20 replies; a margin of 0.2 or 5x; 5 s out; {@code maxShare} at once; 5 s of slow start. */
  private static OutlierEjection settings(double maxShare) {
    return new OutlierEjection(new OutlierEjection.Detection(Duration.ofSeconds(2), 20, 0.2, 5), Duration.ofSeconds(5),
        maxShare, Duration.ofSeconds(5));
  }

  private final List<String> why = new ArrayList<>();

  private Ejection ejection(double maxShare) {
    return new Ejection(settings(maxShare), new SplittableRandom(3));
  }

  private static List<Routee> routees(int n) {
    List<Routee> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) list.add(routee("worker-" + i));
    return list;
  }

  private static Routee routee(String name) {
    Routee r = new Routee(Refs.named(name), S, null, 0);
    r.capacity(0, 1.0, 0);
    return r;
  }

  /** One second of replies from every routee, 50 each, from {@code from}; {@code faultShare[i]} of routee i's are its faults. */
  private void oneSecond(Ejection e, List<Routee> rs, long from, double[] faultShare, double[] latencyRatio) {
    for (int k = 0; k < 50; k++) {
      long now = from + k * (S / 50);
      for (int i = 0; i < rs.size(); i++) {
        boolean fault = (k % 10) < Math.round(faultShare[i] * 10);
        for (Ejection.Ejected x : e.replied(rs.get(i), latencyRatio[i], fault, now)) why.add(x.routee().name() + " " + x.why());
      }
    }
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  @Test
  void aFailingRouteeIsEjectedForAGrowingIntervalAndRampsBackUp() {
    Ejection e = ejection(0.1);
    List<Routee> rs = routees(5);
    assertSame(rs, e.candidates(rs, null, 0), "the first routees seen start at full share");
    double[] faults = fill(5, 0);
    faults[0] = 0.3;
    oneSecond(e, rs, 0, faults, fill(5, 1.0));
    assertEquals(1, e.ejectedNow());
    assertEquals(1, why.size());
    assertTrue(why.get(0).startsWith("worker-1 for 5.0 s (ejection 1): failure share 0.3") && why.get(0).contains("(peers' median 0.00)"), why.get(0));
    long ejectedAt = S; // judged at most a quarter window after the evidence was in
    assertFalse(e.candidates(rs, null, ejectedAt).contains(rs.get(0)));
    assertFalse(e.candidates(rs, null, ejectedAt + 4 * S).contains(rs.get(0)), "out for 5 s");

    long back = ejectedAt + 6 * S;
    int offered = 0;
    for (int i = 0; i < 1000; i++) if (e.candidates(rs, null, back).contains(rs.get(0))) offered++;
    assertTrue(offered > 30 && offered < 200, "a returning routee starts near 10% of the offers: " + offered);
    assertEquals(0, e.ejectedNow());
    assertTrue(e.candidates(rs, null, back + 6 * S).contains(rs.get(0)), "after slow start it is offered every request");

    oneSecond(e, rs, back + 6 * S, faults, fill(5, 1.0)); // still failing: out again, for twice as long
    assertEquals(2, rs.get(0).ejection.timesEjected);
    assertTrue(why.get(1).startsWith("worker-1 for 10.0 s (ejection 2)"), why.get(1));
    long second = back + 7 * S;
    assertFalse(e.candidates(rs, null, second + 9 * S).contains(rs.get(0)));
    assertTrue(e.candidates(rs, null, second + 11 * S).size() >= 4);
  }

  @Test
  void aLaggingRouteeIsEjectedButAMildlySlowerOneIsNot() {
    Ejection e = ejection(0.5); // room to eject three of six: only the far outlier goes
    List<Routee> rs = routees(6);
    e.candidates(rs, null, 0);
    double[] latency = fill(6, 1.05);
    latency[0] = 12; // 12x the request's expected work
    latency[1] = 2.5; // slower, within 5x its peers'
    oneSecond(e, rs, 0, fill(6, 0), latency);
    List<Routee> offered = e.candidates(rs, null, S);
    assertFalse(offered.contains(rs.get(0)));
    assertTrue(offered.contains(rs.get(1)));
    assertEquals(1, e.ejectedNow());
  }

  @Test
  void atMostMaxShareOfTheRouteesAreOutAtOnceButAlwaysOneMay() {
    Ejection e = ejection(0.1);
    List<Routee> rs = routees(10);
    e.candidates(rs, null, 0);
    double[] faults = fill(10, 0);
    faults[0] = faults[1] = faults[2] = 0.5;
    oneSecond(e, rs, 0, faults, fill(10, 1.0));
    assertEquals(1, e.ejectedNow(), "10% of 10 routees");
    assertEquals(9, e.candidates(rs, null, S).size());
  }

  @Test
  void withTooFewPeersNobodyIsJudged() {
    Ejection e = ejection(0.5);
    List<Routee> rs = routees(2);
    e.candidates(rs, null, 0);
    oneSecond(e, rs, 0, new double[] {0.9, 0}, fill(2, 1.0));
    assertEquals(0, e.ejectedNow());
    assertTrue(why.isEmpty());
  }

  @Test
  void offItOnlyAvoidsTheRouteeARequestComesFrom() {
    Ejection e = new Ejection(null, new SplittableRandom(3));
    List<Routee> rs = routees(4);
    oneSecond(e, rs, 0, new double[] {0.9, 0, 0, 0}, fill(4, 1.0));
    assertSame(rs, e.candidates(rs, null, S));
    assertEquals(List.of(rs.get(0), rs.get(2), rs.get(3)), e.candidates(rs, rs.get(1), S));
    List<Routee> one = rs.subList(0, 1);
    assertSame(one, e.candidates(one, rs.get(0), S), "the only routee is not avoided: a request is never refused");
  }

  @Test
  void aRouteeThatJoinsLaterRampsUpWhileTheFirstOnesDoNot() {
    Ejection e = ejection(0.1);
    List<Routee> rs = routees(3);
    e.candidates(rs, null, 0);
    Routee late = routee("worker-9");
    List<Routee> four = new ArrayList<>(rs);
    four.add(late);
    e.candidates(four, null, 10 * S); // it joins at 10 s
    int offered = 0;
    for (int i = 0; i < 1000; i++) {
      List<Routee> c = e.candidates(four, null, 12 * S); // 2 s into its 5 s ramp: about 40%
      assertTrue(c.containsAll(rs));
      if (c.contains(late)) offered++;
    }
    assertTrue(offered > 300 && offered < 500, "about 40% of the offers: " + offered);
    assertTrue(e.candidates(four, null, 15 * S).contains(late), "the ramp is over");
  }

  @Test
  void aStoppedRouteeIsForgotten() {
    Ejection e = ejection(0.1);
    List<Routee> rs = routees(5);
    e.candidates(rs, null, 0);
    double[] faults = fill(5, 0);
    faults[0] = 0.3;
    oneSecond(e, rs, 0, faults, fill(5, 1.0));
    assertEquals(1, e.ejectedNow());
    e.forget(rs.get(0));
    assertEquals(0, e.ejectedNow(), "its place among the ejected is free");
    assertEquals(null, rs.get(0).ejection);
  }

  // ---- through the core ----------------------------------------------------------------------------

  @Test
  void theCoreStopsSendingToAnEjectedRouteeAndRampsItBackIn() {
    CoreHarness h = new CoreHarness(BalancerSettings.defaults().withOutlierEjection(settings(0.1)));
    h.list("worker-1", "worker-2", "worker-3", "worker-4", "worker-5");
    // One second of requests in rotation, answered at once; worker-1 fails a third of them through its own fault.
    for (int k = 0; k < 250; k++) {
      h.submit("r" + k);
      Sent s = h.last();
      boolean fault = s.routee().equals("worker-1") && k % 3 == 0;
      h.reply(s, fault ? Outcome.ROUTEE_FAULT : Outcome.DONE);
      h.now += 4 * MS;
    }
    assertEquals(1, h.heard("ejected").size());
    assertEquals("ejected worker-1", h.heard("ejected").get(0));
    assertEquals(250, h.answered.size(), "a fault's reply still goes to its caller (not idempotent)");
    int before = h.sent.size();
    for (int k = 0; k < 100; k++) {
      h.submit("x" + k);
      h.reply(h.last());
    }
    assertFalse(h.sentTo().subList(before, h.sent.size()).contains("worker-1"), "ejected: no requests");

    h.now += 6 * S; // the ejection is over: it ramps back from a tenth of its share
    before = h.sent.size();
    for (int k = 0; k < 400; k++) {
      h.submit("y" + k);
      h.reply(h.last());
    }
    long toIt = h.sentTo().subList(before, h.sent.size()).stream().filter("worker-1"::equals).count();
    assertTrue(toIt > 0 && toIt < 40, "offered a tenth of the time at first, so well under a fifth of 400: " + toIt);
  }
}
