package pekkolb.bench;

import org.HdrHistogram.Histogram;

/**
 * Records values into a histogram a run of equal ones at a time: answers that come together mostly
 * share their lateness (a client chunk's requests are stamped together and answered together), and
 * one compare is cheaper than a histogram update per answer, CPU the bench's client would take from
 * the system it measures on the same two cores. The counts are exactly those of recording each.
 */
final class RunLengthRecorder {
  private final Histogram histogram;
  private final long highest;
  private long value;
  private long count;

  /** Of values from 0 to {@code highest}, at three significant digits (the bench's lateness). */
  RunLengthRecorder(long highest) {
    this.histogram = new Histogram(highest, 3);
    this.highest = highest;
  }

  /** {@code r}'s histogram; null for none. */
  static Histogram histogramOf(RunLengthRecorder r) {
    return r == null ? null : r.histogram();
  }

  /** Records {@code raw}, or the nearer end of 0 .. highest: an early answer is 0 late, one past the run's timeout at it. */
  void record(long raw) {
    long v = Math.max(0, Math.min(highest, raw));
    if (v != value || count == 0) {
      flush();
      value = v;
    }
    count++;
  }

  /** The histogram with every value recorded so far. */
  Histogram histogram() {
    flush();
    return histogram;
  }

  private void flush() {
    if (count > 0) histogram.recordValueWithCount(value, count);
    count = 0;
  }
}
