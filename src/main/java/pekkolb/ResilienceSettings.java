package pekkolb;

import java.time.Duration;

/**
 * How a broker copes with workers that fail or lag: the retry budget for jobs a worker
 * failed through its own fault, the hedging budget, and outlier ejection with slow start
 * ({@code lb.broker.retry-budget*}, {@code lb.broker.hedge-budget}, {@code lb.broker.ejection}).
 * Durations are unscaled (lb.time-scale applies).
 */
public record ResilienceSettings(double retryBudget, int retryBurst, double hedgeBudget, Ejection ejection) {

  /**
   * Outlier ejection and slow start: a worker whose failure share over the recent {@code window}
   * exceeds its peers' median by {@code failureMargin}, or whose latency relative to its expected
   * job time is {@code latencyFactor} times its peers' median, is out of rotation for
   * {@code baseTime} x (times ejected); at most {@code maxShare} of the workers at once (at least one).
   * A worker that joins or returns ramps up over {@code slowStart} (zero: at once).
   */
  public record Ejection(boolean enabled, Duration window, int minAnswers, double failureMargin, double latencyFactor,
      Duration baseTime, double maxShare, Duration slowStart) {
    static Ejection from(SettingsReader c) {
      double margin = c.positiveDouble("failure-margin");
      if (margin > 1) throw c.invalid("failure-margin", "a fraction > 0 and <= 1");
      double factor = c.positiveDouble("latency-factor");
      if (factor <= 1) throw c.invalid("latency-factor", "a number > 1");
      double share = c.positiveDouble("max-share");
      if (share > 1) throw c.invalid("max-share", "a fraction > 0 and <= 1");
      return new Ejection(c.bool("enabled"), c.positiveDuration("window"), c.intAtLeast("min-answers", 1), margin, factor,
          c.positiveDuration("base-time"), share, c.durationAtLeastZero("slow-start"));
    }
  }

  static ResilienceSettings from(SettingsReader broker) {
    double retry = broker.positiveDouble("retry-budget");
    if (retry > 1) throw broker.invalid("retry-budget", "a fraction > 0 and <= 1");
    double hedge = broker.positiveDouble("hedge-budget");
    if (hedge > 1) throw broker.invalid("hedge-budget", "a fraction > 0 and <= 1");
    return new ResilienceSettings(retry, broker.intAtLeast("retry-budget-burst", 1), hedge,
        Ejection.from(broker.block("ejection")));
  }
}
