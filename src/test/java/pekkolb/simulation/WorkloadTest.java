package pekkolb.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;

/** Workloads are generated once from a seed: the same seed must give exactly the same requests. */
class WorkloadTest {

  private static final JobMix MIX = JobMix.shortLong(0.5, new SizeDistribution.Normal(1000, 100),
      new SizeDistribution.Normal(5000, 500));
  private static final Load POISSON = new Load.OpenLoop(50, Duration.ofSeconds(60), true);

  private static Workload.Open open(Load load, long seed) {
    return assertInstanceOf(Workload.Open.class, Workload.generate(load, MIX, seed));
  }

  @Test
  void theSameSeedGivesTheSameArrivalsTypesAndSizes() {
    Workload.Open a = open(POISSON, 42);
    Workload.Open b = open(POISSON, 42);
    assertTrue(a.size() > 0);
    assertArrayEquals(a.atNanos(), b.atNanos());
    assertArrayEquals(a.types(), b.types());
    assertArrayEquals(a.sizeMillis(), b.sizeMillis());
  }

  @Test
  void anotherSeedGivesAnotherWorkload() {
    Workload.Open a = open(POISSON, 42);
    Workload.Open b = open(POISSON, 43);
    assertFalse(Arrays.equals(a.atNanos(), b.atNanos()), "arrival times");
    assertFalse(Arrays.equals(a.types(), b.types()), "types");
    assertFalse(Arrays.equals(a.sizeMillis(), b.sizeMillis()), "sizes");
  }

  @Test
  void poissonArrivalsComeAtTheRateInOrderWithinTheDuration() {
    Workload.Open w = open(new Load.OpenLoop(200, Duration.ofSeconds(100), true), 1);
    // 20,000 expected; a Poisson count has sd ~141, so 5% is more than 7 sd.
    assertEquals(20_000, w.size(), 1000);
    long[] at = w.atNanos();
    for (int i = 1; i < at.length; i++) assertTrue(at[i] >= at[i - 1], "arrivals in order");
    assertTrue(at[at.length - 1] < Duration.ofSeconds(100).toNanos());
    // Exponential gaps: sd close to the mean (1/200 s), unlike paced arrivals.
    double[] gaps = new double[at.length - 1];
    for (int i = 1; i < at.length; i++) gaps[i - 1] = at[i] - at[i - 1];
    double mean = Arrays.stream(gaps).average().orElseThrow();
    double sd = Math.sqrt(Arrays.stream(gaps).map(g -> (g - mean) * (g - mean)).average().orElseThrow());
    assertEquals(5_000_000, mean, 250_000);
    assertEquals(1.0, sd / mean, 0.05);
  }

  @Test
  void pacedArrivalsAreEvenlySpaced() {
    Workload.Open w = open(new Load.OpenLoop(1000, Duration.ofSeconds(2), false), 1);
    assertEquals(2000, w.size());
    assertEquals(0, w.atNanos()[0]);
    assertEquals(1_000_000, w.atNanos()[1]);
    assertEquals(1_999_000_000L, w.atNanos()[1999]);
  }

  @Test
  void theMixHasItsSharesAndSizes() {
    Workload.Open w = open(POISSON, 7);
    int longs = 0;
    double longSum = 0;
    double shortSum = 0;
    for (int i = 0; i < w.size(); i++) {
      if (w.types()[i] == AppType.LONG) {
        longs++;
        longSum += w.sizeMillis()[i];
      } else {
        shortSum += w.sizeMillis()[i];
      }
    }
    assertEquals(0.5, longs / (double) w.size(), 0.05);
    assertEquals(5000, longSum / longs, 100);
    assertEquals(1000, shortSum / (w.size() - longs), 20);
  }

  @Test
  void closedLoopClientsGetTheSameSequenceForTheSameSeed() {
    Load closed = new Load.ClosedLoop(3, Duration.ofSeconds(10));
    Workload.Closed a = assertInstanceOf(Workload.Closed.class, Workload.generate(closed, MIX, 5));
    Workload.Closed b = assertInstanceOf(Workload.Closed.class, Workload.generate(closed, MIX, 5));
    Workload.Closed c = assertInstanceOf(Workload.Closed.class, Workload.generate(closed, MIX, 6));
    for (int client = 0; client < 3; client++) {
      assertEquals(take(a, client), take(b, client), "client " + client);
      assertNotEquals(take(a, client), take(c, client), "client " + client + " with another seed");
    }
    assertNotEquals(take(a, 0), take(a, 1), "clients do not share one sequence");
  }

  private static List<JobMix.Draw> take(Workload.Closed w, int client) {
    Workload.Jobs jobs = w.jobsOf(client);
    List<JobMix.Draw> list = new ArrayList<>();
    for (int i = 0; i < 20; i++) list.add(jobs.next());
    return list;
  }

  @Test
  void badLoadsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Load.OpenLoop(0, Duration.ofSeconds(1), false));
    assertThrows(IllegalArgumentException.class, () -> new Load.OpenLoop(10, Duration.ZERO, false));
    assertThrows(IllegalArgumentException.class, () -> new Load.ClosedLoop(0, Duration.ofSeconds(1)));
  }
}
