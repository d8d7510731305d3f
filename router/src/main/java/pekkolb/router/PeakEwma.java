package pekkolb.router;

/**
 * Peak-sensitive exponentially weighted moving average of latency, as in Finagle and Linkerd: a
 * latency above the estimate replaces it at once (the peak); one below it is blended in with a
 * weight that grows with the time since the last observation. Between observations the estimate
 * decays towards zero, so a routee that was slow is tried again after a while. Owned by one actor.
 */
final class PeakEwma {
  private final double decayNanos;
  private double estimate;
  private long stamp;

  /** @param decayNanos time constant of the decay */
  PeakEwma(long decayNanos, long nowNanos) {
    if (decayNanos <= 0) throw new IllegalArgumentException("decay must be > 0, got " + decayNanos);
    this.decayNanos = decayNanos;
    this.stamp = nowNanos;
  }

  void observe(double latencyNanos, long nowNanos) {
    double w = decay(Math.max(0, nowNanos - stamp) / decayNanos);
    estimate = latencyNanos > estimate ? latencyNanos : estimate * w + latencyNanos * (1 - w);
    stamp = nowNanos;
  }

  /** exp(-x) for x >= 0; answers come microseconds apart against a decay of seconds, where two terms are exact to 1e-12. */
  private static double decay(double x) {
    return x < 1e-4 ? 1 - x + x * x / 2 : Math.exp(-x);
  }

  /** The estimate as of the last observation, not decayed since; 0 before any. */
  double lastEstimate() {
    return estimate;
  }

  /** The estimate decayed to {@code nowNanos}; 0 before any observation. */
  double estimate(long nowNanos) {
    return estimate * decay(Math.max(0, nowNanos - stamp) / decayNanos);
  }
}
