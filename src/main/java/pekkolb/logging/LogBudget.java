package pekkolb.logging;

import java.util.function.LongSupplier;

/**
 * At most {@code perSecond} log lines of one kind each second; the rest are counted and the count
 * is told with the next line that gets through. A flood of rejections then costs a few lines a
 * second, not one per request. Not thread-safe: one per actor.
 */
public final class LogBudget {
  private static final long SECOND = 1_000_000_000L;

  private final int perSecond;
  private final LongSupplier nanoClock;
  private long windowStart;
  private int usedInWindow;
  private long suppressed;

  public LogBudget(int perSecond, LongSupplier nanoClock) {
    if (perSecond < 1) throw new IllegalArgumentException("perSecond must be >= 1, got " + perSecond);
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
    this.windowStart = nanoClock.getAsLong();
  }

  /**
   * Returns null when this line must not be logged (it is counted), else a note to append to it:
   * empty, or how many lines were left out since the last one logged.
   */
  public String admit() {
    long now = nanoClock.getAsLong();
    if (now - windowStart >= SECOND) {
      windowStart = now;
      usedInWindow = 0;
    }
    if (usedInWindow >= perSecond) {
      suppressed++;
      return null;
    }
    usedInWindow++;
    long left = suppressed;
    suppressed = 0;
    return left == 0 ? "" : " (" + left + " more not logged)";
  }
}
