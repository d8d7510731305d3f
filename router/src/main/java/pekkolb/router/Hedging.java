package pekkolb.router;

/**
 * Hedged requests, as in "The Tail at Scale" (Dean and Barroso, 2013): a request still unanswered
 * after the {@code quantile} of recent latencies (relative to each request's expected work, when
 * requests have one) gets a second copy on another routee, within a budget. The first reply wins; the
 * other copy's reply is dropped. Needs idempotent requests ({@link Retries}).
 *
 * @param budget share of requests that may be hedged (a token bucket, as {@link Retries#budget})
 * @param quantile of the latencies seen, after which a request is hedged (0.95: its p95)
 */
public record Hedging(double budget, double quantile) {

  /** @throws IllegalArgumentException if {@code budget} is not 0 to 1, or {@code quantile} not between 0 and 1 */
  public Hedging {
    if (!(budget >= 0 && budget <= 1)) throw new IllegalArgumentException("budget must be 0 to 1, got " + budget);
    if (!(quantile > 0 && quantile < 1)) throw new IllegalArgumentException("quantile must be between 0 and 1, got " + quantile);
  }

  /** At most a twentieth of requests hedged, after the 0.95 quantile. */
  public static Hedging defaults() {
    return new Hedging(0.05, 0.95);
  }
}
