package pekkolb.router;

/**
 * When a request in flight is past its backstop deadline, and when the table is worth scanning for
 * such requests: only once the earliest deadline may have passed, so a million requests in flight are
 * not walked at every sweep.
 */
final class Deadlines {
  private final long marginNanos;
  private final double factor;
  private long longestExpected; // the longest expected work seen: each request ahead in a routee's slots is taken to be as long
  private long nextScan = Long.MAX_VALUE;

  Deadlines(BalancerSettings settings) {
    this.marginNanos = settings.deadline().toNanos();
    this.factor = settings.deadlineFactor();
  }

  boolean enabled() {
    return marginNanos > 0;
  }

  /** A request of this expected work was taken on. */
  void expected(long expectedNanos) {
    if (expectedNanos > longestExpected) longestExpected = expectedNanos;
  }

  /**
   * When a request sent now to {@code r} (before it counts there), expected to take {@code ownNanos}
   * there, falls due; 0 if there are no deadlines. A backstop errs on the late side: each request ahead
   * of it in the routee's slots counts as the longest expected work seen, and the routee's recent
   * latency stands for its own time if longer.
   */
  long deadline(double ownNanos, Routee r, long nowNanos) {
    if (marginNanos <= 0) return 0;
    double expected = ownNanos;
    if (r.slots() > 0) expected += (double) (r.load() / r.slots()) * Math.max(ownNanos, longestExpected / r.speed());
    expected = Math.max(expected, r.lastLatencyNanos());
    long deadline = nowNanos + (long) (factor * expected) + marginNanos;
    nextScan = Math.min(nextScan, deadline);
    return deadline;
  }

  /** Whether requests may be past their deadline at {@code nowNanos}: then scan, and say what the earliest left is. */
  boolean scanDue(long nowNanos) {
    return marginNanos > 0 && nowNanos >= nextScan;
  }

  /** After a scan: no request left in flight falls due before {@code earliest}. */
  void scanned(long earliest) {
    nextScan = earliest;
  }

  /** An overdue request stayed where it was (no budget to move it): scan again at the next sweep. */
  void recheckAtNextSweep() {
    nextScan = Long.MIN_VALUE;
  }
}
