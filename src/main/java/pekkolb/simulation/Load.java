package pekkolb.simulation;

import java.time.Duration;

/** How requests arrive. Durations and rates are in unscaled time. */
public sealed interface Load {

  Duration duration();

  String describe();

  /**
   * Open loop: requests arrive at {@code ratePerSecond} whether or not earlier ones were answered,
   * evenly spaced ({@code poisson = false}, like a load generator pacing its sends) or as a Poisson
   * process (independent users).
   */
  record OpenLoop(double ratePerSecond, Duration duration, boolean poisson) implements Load {
    public OpenLoop {
      if (!(ratePerSecond > 0)) throw new IllegalArgumentException("rate must be > 0, got " + ratePerSecond);
      if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be > 0");
    }

    @Override
    public String describe() {
      return Fmt.num("%s %s requests/s for %s s", poisson ? "Poisson arrivals at" : "paced", Fmt.plain(ratePerSecond),
          Fmt.plain(duration.toMillis() / 1000.0));
    }
  }

  /** Closed loop: {@code clients} clients, each sends its next request when its last was answered. */
  record ClosedLoop(int clients, Duration duration) implements Load {
    public ClosedLoop {
      if (clients < 1) throw new IllegalArgumentException("clients must be >= 1, got " + clients);
      if (duration.isNegative() || duration.isZero()) throw new IllegalArgumentException("duration must be > 0");
    }

    @Override
    public String describe() {
      return Fmt.num("%d clients in a closed loop for %s s", clients, Fmt.plain(duration.toMillis() / 1000.0));
    }
  }
}
