package pekkolb.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

  /** The first bound at least as large as the value, found the slow and obvious way. */
  private static int linearBucket(long nanos) {
    for (int i = 0; i < LatencyHistogram.BOUNDS_SECONDS.length; i++) {
      if (nanos <= Math.round(LatencyHistogram.BOUNDS_SECONDS[i] * 1e9)) return i;
    }
    return LatencyHistogram.BOUNDS_SECONDS.length;
  }

  @Test
  void bucketOfAgreesWithALinearSearchOnBoundsAndBetweenThem() {
    for (double b : LatencyHistogram.BOUNDS_SECONDS) {
      long n = Math.round(b * 1e9);
      for (long v : new long[] {n - 1, n, n + 1}) assertEquals(linearBucket(v), LatencyHistogram.bucketOf(v), "at " + v);
    }
    Random r = new Random(42);
    for (int i = 0; i < 100_000; i++) {
      long v = (long) Math.exp(r.nextDouble() * Math.log(200e9)); // 1 ns .. 200 s, log-uniform
      assertEquals(linearBucket(v), LatencyHistogram.bucketOf(v), "at " + v);
    }
    assertEquals(0, LatencyHistogram.bucketOf(0));
    assertEquals(LatencyHistogram.BOUNDS_SECONDS.length, LatencyHistogram.bucketOf(Long.MAX_VALUE));
  }

  @Test
  void quantilesOfRecordedLatenciesAreWithinTheirBucket() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 98; i++) h.record(100_000_000); // 100 ms
    h.record(2_000_000_000L);
    h.record(2_000_000_000L); // two at 2 s: the 99th percentile
    long[] counts = h.counts();
    double p50 = LatencyHistogram.quantile(counts, 0.5);
    double p99 = LatencyHistogram.quantile(counts, 0.99);
    assertTrue(p50 > 0.1 / Math.sqrt(2) && p50 <= 0.1 * Math.sqrt(2), "p50 " + p50);
    assertTrue(p99 > 2 / Math.sqrt(2) && p99 <= 2 * Math.sqrt(2), "p99 " + p99);
    assertEquals(98 * 0.1 + 2 * 2, h.sumSeconds(), 1e-9);
    assertTrue(Double.isNaN(LatencyHistogram.quantile(new long[counts.length], 0.5)));
  }
}
