package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pekkolb.ResilienceSettings;
import pekkolb.routing.PeakEwma;
import pekkolb.routing.Routee;

/** Outlier ejection and slow start as plain Java: no actor system, time handed in. */
class EjectionTest {
  private static final long S = 1_000_000_000L;

  private static ResilienceSettings.Ejection settings(boolean enabled) {
    return new ResilienceSettings.Ejection(enabled, Duration.ofSeconds(2), 20, 0.2, 5, Duration.ofSeconds(5), 0.1,
        Duration.ofSeconds(5));
  }

  private final List<String> log = new ArrayList<>();

  private Ejection ejection() {
    return new Ejection(settings(true), 1.0, new SplittableRandom(3), log::add);
  }

  private static List<Routee> workers(int n) {
    List<Routee> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) list.add(new Routee("Worker-" + i, 1, new PeakEwma(S, 0)));
    return list;
  }

  /** One second of answers from every worker, 50 each, starting at {@code from}; {@code faultShare[i]} of worker i's fail. */
  private static void oneSecond(Ejection e, List<Routee> ws, long from, double[] faultShare, double[] latencyRatio) {
    for (int k = 0; k < 50; k++) {
      long now = from + k * (S / 50);
      for (int i = 0; i < ws.size(); i++) {
        boolean fault = (k % 10) < Math.round(faultShare[i] * 10);
        e.answered(ws.get(i), latencyRatio[i], fault, now);
      }
    }
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  @Test
  void aFailingWorkerIsEjectedForAGrowingIntervalAndRampsBackUp() {
    Ejection e = ejection();
    List<Routee> ws = workers(5);
    assertSame(ws, e.candidates(ws, null, 0)); // the first workers seen start at full share
    double[] faults = fill(5, 0);
    faults[0] = 0.3;
    oneSecond(e, ws, 0, faults, fill(5, 1.0));
    assertEquals(1, e.ejectedNow());
    assertEquals(1, log.size());
    assertTrue(log.get(0).startsWith("Worker-1 ejected for 5.0 s (ejection 1): failure share 0.3"), log.get(0));
    assertTrue(log.get(0).endsWith("(peers' median 0.00), latency 1.0x its job time (peers' median 1.0x)"), log.get(0));
    long ejectedAt = S; // judged at most a quarter window after the evidence was in
    assertFalse(e.candidates(ws, null, ejectedAt).contains(ws.get(0)));
    assertFalse(e.candidates(ws, null, ejectedAt + 4 * S).contains(ws.get(0)), "out for base-time (5 s)");

    long back = ejectedAt + 6 * S;
    int offered = 0;
    for (int i = 0; i < 1000; i++) if (e.candidates(ws, null, back).contains(ws.get(0))) offered++;
    assertTrue(offered > 30 && offered < 200, "a returning worker starts near 10% of the offers: " + offered);
    assertEquals(0, e.ejectedNow());
    assertTrue(e.candidates(ws, null, back + 6 * S).contains(ws.get(0)), "after slow-start it is offered every job");

    oneSecond(e, ws, back + 6 * S, faults, fill(5, 1.0)); // still failing: out again, for twice as long
    assertEquals(2, e.ejections());
    long second = back + 7 * S;
    assertFalse(e.candidates(ws, null, second + 9 * S).contains(ws.get(0)));
    assertTrue(e.candidates(ws, null, second + 11 * S).size() >= 4);
  }

  @Test
  void aLaggingWorkerIsEjectedButAMildlySlowerOneIsNot() {
    Ejection e = ejection();
    List<Routee> ws = workers(6);
    e.candidates(ws, null, 0);
    double[] latency = fill(6, 1.05);
    latency[0] = 12; // 2 s for a 167 ms job
    latency[1] = 2.5; // slower, within latency-factor (5) of its peers
    oneSecond(e, ws, 0, fill(6, 0), latency);
    List<Routee> offered = e.candidates(ws, null, S);
    assertFalse(offered.contains(ws.get(0)));
    assertTrue(offered.contains(ws.get(1)));
  }

  @Test
  void atMostMaxShareOfTheWorkersAreOutAtOnceButAlwaysOneMay() {
    Ejection e = ejection();
    List<Routee> ws = workers(10);
    e.candidates(ws, null, 0);
    double[] faults = fill(10, 0);
    faults[0] = faults[1] = faults[2] = 0.5;
    oneSecond(e, ws, 0, faults, fill(10, 1.0));
    assertEquals(1, e.ejectedNow(), "10% of 10 workers");
    assertEquals(9, e.candidates(ws, null, S).size());
  }

  @Test
  void withTooFewPeersNobodyIsJudged() {
    Ejection e = ejection();
    List<Routee> ws = workers(2);
    e.candidates(ws, null, 0);
    oneSecond(e, ws, 0, new double[] {0.9, 0}, fill(2, 1.0));
    assertEquals(0, e.ejections());
  }

  @Test
  void offIsANoOpExceptForTheWorkerAJobLeaves() {
    Ejection e = new Ejection(settings(false), 1.0, new SplittableRandom(3), log::add);
    List<Routee> ws = workers(4);
    oneSecond(e, ws, 0, new double[] {0.9, 0, 0, 0}, fill(4, 1.0));
    assertSame(ws, e.candidates(ws, null, S));
    assertEquals(List.of(ws.get(0), ws.get(2), ws.get(3)), e.candidates(ws, ws.get(1), S));
    List<Routee> one = ws.subList(0, 1);
    assertSame(one, e.candidates(one, ws.get(0), S), "the only worker is not avoided: a job is never refused");
  }

  @Test
  void aWorkerThatJoinsLaterRampsUpWhileTheFirstOnesDoNot() {
    Ejection e = ejection();
    List<Routee> ws = workers(3);
    e.candidates(ws, null, 0);
    Routee late = new Routee("Worker-9", 1, new PeakEwma(S, 0));
    List<Routee> four = new ArrayList<>(ws);
    four.add(late);
    int offered = 0;
    for (int i = 0; i < 1000; i++) {
      List<Routee> c = e.candidates(four, null, 10 * S + 2 * S + i); // 2 s into its 5 s ramp: about 40%
      assertTrue(c.containsAll(ws));
      if (c.contains(late)) offered++;
    }
    assertTrue(offered > 0, "never offered");
  }
}
