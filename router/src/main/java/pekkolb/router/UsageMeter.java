package pekkolb.router;

/**
 * Measures a routee's {@link Usage} from what it does: requests that start and end, over the time
 * since the last reading. Plain Java, told the time with each event; the routee reads it now and then
 * (every second, say) and reports the reading ({@link LoadReporter#report(Usage)}).
 */
public final class UsageMeter {
  private final int slots;
  private int running;
  private long since; // start of the period read next
  private long last; // the last event
  private double busyNanos; // request-nanoseconds in progress since `since`
  private long ended;
  private long failed;

  /**
   * @param slots requests the routee works on at once (utilization is the share of them in use); 0 =
   *     no limit, and utilization is the mean number of requests in progress
   */
  public UsageMeter(int slots, long nowNanos) {
    if (slots < 0) throw new IllegalArgumentException("slots must be >= 0, got " + slots);
    this.slots = slots;
    this.since = nowNanos;
    this.last = nowNanos;
  }

  /** {@code n} requests began to be worked on. */
  public void started(int n, long nowNanos) {
    advance(nowNanos);
    running += n;
  }

  /** {@code n} requests ended, {@code failed} of them failed through the routee's own fault. */
  public void ended(int n, int failed, long nowNanos) {
    advance(nowNanos);
    running = Math.max(0, running - n);
    ended += n;
    this.failed += failed;
  }

  private void advance(long nowNanos) {
    if (nowNanos > last) {
      busyNanos += (double) running * (nowNanos - last);
      last = nowNanos;
    }
  }

  /** Requests in progress now. */
  public int running() {
    return running;
  }

  /** The usage since the last reading (or since the meter was made), and a new period starts; null if no time passed. */
  public Usage read(long nowNanos) {
    advance(nowNanos);
    long period = nowNanos - since;
    if (period <= 0) return null;
    double seconds = period / 1e9;
    Usage u = new Usage(busyNanos / period / Math.max(1, slots), ended / seconds, failed / seconds);
    since = nowNanos;
    busyNanos = 0;
    ended = 0;
    failed = 0;
    return u;
  }
}
