package pekkolb.router;

import java.time.Duration;

/**
 * Outlier ejection with slow start, as Envoy's outlier detection. From each reply a balancer keeps,
 * per routee, its recent failure share and latency relative to the request's expected work (counts
 * that fade over {@link Detection#window}); now and then it compares each routee with the median of its
 * peers. A far outlier gets no new requests for {@code ejectFor} x (times it was ejected), at most
 * {@code maxShare} of the routees at once (at least one). A routee that returns, or joins once
 * requests flow, is offered a share of new requests that ramps from a tenth to all over {@code slowStart}.
 *
 * @param detection what makes a routee an outlier
 * @param ejectFor how long a first ejection lasts
 * @param maxShare of the routees ejected at once, at most
 * @param slowStart ramp of a returning or joining routee (zero: none)
 */
public record OutlierEjection(Detection detection, Duration ejectFor, double maxShare, Duration slowStart) {

  /**
   * @param window over which recent replies count (they fade with it)
   * @param minReplies a routee is judged once it has this many recent replies
   * @param failureMargin an outlier's share of failures exceeds its peers' median by this much ...
   * @param latencyFactor ... or its latency relative to expected work is this many times its peers' median
   */
  public record Detection(Duration window, int minReplies, double failureMargin, double latencyFactor) {
    /** @throws IllegalArgumentException if a value is out of its range */
    public Detection {
      if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be > 0, got " + window);
      if (minReplies < 1) throw new IllegalArgumentException("minReplies must be >= 1, got " + minReplies);
      if (!(failureMargin > 0)) throw new IllegalArgumentException("failureMargin must be > 0, got " + failureMargin);
      if (!(latencyFactor > 1)) throw new IllegalArgumentException("latencyFactor must be > 1, got " + latencyFactor);
    }
  }

  /** @throws IllegalArgumentException if a value is out of its range */
  public OutlierEjection {
    if (ejectFor.isNegative() || ejectFor.isZero()) throw new IllegalArgumentException("ejectFor must be > 0, got " + ejectFor);
    if (!(maxShare > 0 && maxShare <= 1)) throw new IllegalArgumentException("maxShare must be > 0 and <= 1, got " + maxShare);
    if (slowStart.isNegative()) throw new IllegalArgumentException("slowStart must be >= 0, got " + slowStart);
  }

  /** Judged over 2 s once a routee has 20 replies; a margin of 0.2 or 5x the latency; 5 s out; a tenth of the routees at once; 5 s of slow start. */
  public static OutlierEjection defaults() {
    return new OutlierEjection(new Detection(Duration.ofSeconds(2), 20, 0.2, 5), Duration.ofSeconds(5), 0.1, Duration.ofSeconds(5));
  }
}
