package pekkolb.simulation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The job-size distributions: their moments, their bounds, and that a seed replays them. */
class SizeDistributionTest {

  private static double[] samples(SizeDistribution d, long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) xs[i] = d.sample(random);
    return xs;
  }

  private static double mean(double[] xs) {
    return Arrays.stream(xs).average().orElseThrow();
  }

  private static double sd(double[] xs) {
    double m = mean(xs);
    return Math.sqrt(Arrays.stream(xs).map(x -> (x - m) * (x - m)).sum() / (xs.length - 1));
  }

  @Test
  void normalHasItsMeanAndSd() {
    double[] xs = samples(new SizeDistribution.Normal(167, 5), 1, 100_000);
    assertEquals(167, mean(xs), 0.1);
    assertEquals(5, sd(xs), 0.1);
  }

  @Test
  void normalIsCutAtZero() {
    double[] xs = samples(new SizeDistribution.Normal(1, 10), 1, 10_000);
    assertTrue(Arrays.stream(xs).allMatch(x -> x >= 0));
  }

  @Test
  void lognormalSetByMeanAndSdHasThem() {
    SizeDistribution.LogNormal d = SizeDistribution.LogNormal.ofMeanSd(100, 50);
    assertEquals(100, d.mean(), 1e-9);
    assertEquals(50, d.sd(), 1e-9);
    double[] xs = samples(d, 2, 200_000);
    assertEquals(100, mean(xs), 1);
    assertEquals(50, sd(xs), 1.5);
    assertTrue(Arrays.stream(xs).allMatch(x -> x > 0));
    // Skewed to the right: the median is below the mean.
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    assertTrue(sorted[sorted.length / 2] < 95, "median " + sorted[sorted.length / 2]);
  }

  @Test
  void boundedParetoStaysInItsBoundsWithAHeavyTail() {
    SizeDistribution.BoundedPareto d = new SizeDistribution.BoundedPareto(1.1, 20, 20_000);
    double[] xs = samples(d, 3, 400_000);
    assertTrue(Arrays.stream(xs).allMatch(x -> x >= 20 && x <= 20_000));
    double[] sorted = xs.clone();
    Arrays.sort(sorted);
    // Most jobs are short, a few are a thousand times longer.
    assertEquals(20 * Math.pow(2, 1 / 1.1), sorted[sorted.length / 2], 1.0, "median");
    assertTrue(sorted[sorted.length - 1] > 10_000, "max " + sorted[sorted.length - 1]);
    // The sample mean converges slowly for a heavy tail; 5% is still several standard errors.
    assertEquals(d.mean(), mean(xs), 0.05 * d.mean());
  }

  @Test
  void fixedIsFixed() {
    double[] xs = samples(new SizeDistribution.Fixed(5000), 4, 100);
    assertTrue(Arrays.stream(xs).allMatch(x -> x == 5000));
  }

  @Test
  void aSeedReplaysTheSameSamples() {
    for (SizeDistribution d : new SizeDistribution[] {new SizeDistribution.Normal(167, 5),
        SizeDistribution.LogNormal.ofMeanSd(100, 50), new SizeDistribution.BoundedPareto(1.5, 10, 10_000)}) {
      assertArrayEquals(samples(d, 9, 1000), samples(d, 9, 1000), d.describe());
      assertFalse(Arrays.equals(samples(d, 9, 1000), samples(d, 10, 1000)), d.describe());
    }
  }

  @Test
  void theShortLongMixIsBimodal() {
    JobMix mix = JobMix.shortLong(0.25, new SizeDistribution.Fixed(1000), new SizeDistribution.Fixed(5000));
    SplittableRandom random = new SplittableRandom(11);
    int longs = 0;
    for (int i = 0; i < 40_000; i++) {
      JobMix.Draw d = mix.draw(random);
      assertEquals(d.type() == pekkolb.protocol.AppType.LONG ? 5000 : 1000, d.sizeMillis());
      if (d.sizeMillis() == 5000) longs++;
    }
    assertEquals(10_000, longs, 400);
    assertEquals(2000, mix.meanMillis(), 1e-9);
  }

  @Test
  void badParametersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new SizeDistribution.Fixed(-1));
    assertThrows(IllegalArgumentException.class, () -> new SizeDistribution.Normal(10, -1));
    assertThrows(IllegalArgumentException.class, () -> SizeDistribution.LogNormal.ofMeanSd(0, 1));
    assertThrows(IllegalArgumentException.class, () -> new SizeDistribution.BoundedPareto(1, 10, 5));
  }
}
