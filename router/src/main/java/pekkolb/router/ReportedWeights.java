package pekkolb.router;

import java.time.Duration;

/**
 * How {@link Policies#weightedRoundRobin(ReportedWeights)} weighs routees by the {@link Usage} they
 * report, as gRPC's {@code weighted_round_robin} (gRFC A58): a routee's weight is
 * {@code qps / (utilization + errorsPerSecond / qps x errorPenalty)}, recomputed every
 * {@code updatePeriod}; a routee's first weight counts only once it has reported for {@code blackout}
 * (a routee just started reports little), and a weight not reported again within {@code expiration}
 * is dropped, its blackout starting over. Routees without a weight get the mean of the others'. Unlike
 * A58, which weighs all alike until two weights are known, the balancer then picks the routee with the
 * fewest requests in flight; and the routees there at a cold start, before any weight is in use, have no
 * blackout: all are new alike, and their first reports are a better guess than weights all equal
 * (which let a slow routee build a backlog).
 */
public record ReportedWeights(Duration blackout, Duration expiration, Duration updatePeriod, double errorPenalty) {

  /** @throws IllegalArgumentException for a negative duration, a period of zero, or a negative penalty */
  public ReportedWeights {
    if (blackout.isNegative() || expiration.isNegative() || expiration.isZero()) {
      throw new IllegalArgumentException("blackout must be >= 0 and expiration > 0, got " + blackout + ", " + expiration);
    }
    if (updatePeriod.isNegative() || updatePeriod.isZero()) throw new IllegalArgumentException("updatePeriod must be > 0, got " + updatePeriod);
    if (!(errorPenalty >= 0)) throw new IllegalArgumentException("errorPenalty must be >= 0, got " + errorPenalty);
  }

  /** gRFC A58's defaults: a 10 s blackout, weights kept 3 minutes, updated every second, an error penalty of 1. */
  public static ReportedWeights defaults() {
    return new ReportedWeights(Duration.ofSeconds(10), Duration.ofMinutes(3), Duration.ofSeconds(1), 1.0);
  }
}
