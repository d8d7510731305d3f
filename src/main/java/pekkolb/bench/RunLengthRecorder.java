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
  private long value;
  private long count;

  RunLengthRecorder(Histogram histogram) {
    this.histogram = histogram;
  }

  void record(long v) {
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
