package pekkolb.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request latencies in fixed buckets, written by one actor and read by any thread. The writer uses
 * release stores (a plain store on x86), so recording costs a step or two along the bounds and two
 * stores, not the atomic increments a many-writer histogram needs.
 */
public final class LatencyHistogram {

  /** Upper bounds in seconds, 0.5 ms to about 65 s, each √2 apart; the last bucket is +Inf. */
  public static final double[] BOUNDS_SECONDS = bounds();
  private static final long[] BOUNDS_NANOS = Arrays.stream(BOUNDS_SECONDS).mapToLong(s -> Math.round(s * 1e9)).toArray();

  private final AtomicLongArray counts = new AtomicLongArray(BOUNDS_SECONDS.length + 1);
  private final AtomicLong sumNanos = new AtomicLong();

  private static double[] bounds() {
    double[] b = new double[35];
    // Three significant digits keep the le="..." labels readable (0.000707, not 7.071067811865476E-4).
    for (int i = 0; i < b.length; i++) b[i] = new BigDecimal(0.0005 * Math.pow(Math.sqrt(2), i)).round(new MathContext(3)).doubleValue();
    return b;
  }

  /** Only from the one writer. */
  void record(long nanos) {
    int i = bucketOf(nanos);
    counts.setRelease(i, counts.getPlain(i) + 1);
    sumNanos.setRelease(sumNanos.getPlain() + nanos);
  }

  /**
   * The first bucket whose bound is at least {@code nanos}. Bounds double every two buckets, so the
   * binary exponent of nanos / 0.5 ms (in whole multiples: the same exponent, in integer arithmetic)
   * puts it within a step or two of the answer; the table decides.
   */
  static int bucketOf(long nanos) {
    if (nanos <= BOUNDS_NANOS[0]) return 0;
    int exponent = 63 - Long.numberOfLeadingZeros(nanos / 500_000);
    int i = Math.min(BOUNDS_NANOS.length, Math.max(0, 2 * exponent - 1));
    while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) i++;
    return i;
  }

  /** Observations per bucket (not cumulative); the last entry is the +Inf bucket. */
  public long[] counts() {
    long[] c = new long[counts.length()];
    for (int i = 0; i < c.length; i++) c[i] = counts.getAcquire(i);
    return c;
  }

  public double sumSeconds() {
    return sumNanos.getAcquire() / 1e9;
  }

  /**
   * The q-quantile (0..1) in seconds of the observations in {@code counts} (per bucket, e.g. the
   * difference of two snapshots), interpolated within its bucket as Prometheus' histogram_quantile
   * does. NaN when there are none; the largest finite bound when it falls in the +Inf bucket.
   */
  public static double quantile(long[] counts, double q) {
    long total = 0;
    for (long c : counts) total += c;
    if (total == 0) return Double.NaN;
    double rank = q * total;
    long below = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0 && below + counts[i] >= rank) {
        if (i == BOUNDS_SECONDS.length) return BOUNDS_SECONDS[i - 1];
        double lower = i == 0 ? 0 : BOUNDS_SECONDS[i - 1];
        return lower + (BOUNDS_SECONDS[i] - lower) * (rank - below) / counts[i];
      }
      below += counts[i];
    }
    return BOUNDS_SECONDS[BOUNDS_SECONDS.length - 1];
  }
}
