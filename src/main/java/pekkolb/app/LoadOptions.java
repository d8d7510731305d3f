package pekkolb.app;

import java.time.Duration;
import picocli.CommandLine.Option;
import pekkolb.simulation.Load;

/** simulate's flags that reshape a scenario's load: how long, how fast, open or closed loop. */
final class LoadOptions {
  /** The whole open-loop workload is generated up front, three arrays of this length. */
  private static final long MAX_REQUESTS = 20_000_000;

  @Option(names = "--duration", paramLabel = "SECONDS", description = "Override the scenario's load duration (unscaled).")
  Double durationSeconds;

  @Option(names = "--rate", paramLabel = "R", description = "Override the scenario's open-loop rate (requests/s).")
  Double rate;

  @Option(names = "--clients", paramLabel = "C",
      description = "Closed loop instead: C clients, each sends its next request when the last is answered.")
  Integer clients;

  /** The scenario's load with these flags applied; @throws IllegalArgumentException for a bad combination */
  Load applyTo(Load base) {
    if (durationSeconds != null && !(durationSeconds >= 0.001)) bad("--duration must be >= 0.001, got " + durationSeconds);
    if (rate != null && !(rate > 0)) bad("--rate must be > 0, got " + rate);
    if (clients != null && clients < 1) bad("--clients must be >= 1, got " + clients);
    if (rate != null && clients != null) bad("--rate and --clients exclude each other (open loop or closed loop)");
    Duration duration = durationSeconds != null ? Duration.ofMillis(Math.round(durationSeconds * 1000)) : base.duration();
    if (clients != null) return new Load.ClosedLoop(clients, duration);
    if (base instanceof Load.OpenLoop open) {
      double r = rate != null ? rate : open.ratePerSecond();
      long total = Math.round(r * duration.toMillis() / 1000.0);
      if (total > MAX_REQUESTS) bad("--rate x --duration must be at most " + MAX_REQUESTS + " requests, got " + total);
      return new Load.OpenLoop(r, duration, open.poisson());
    }
    if (rate != null) return new Load.OpenLoop(rate, duration, true);
    return withDuration(base, duration);
  }

  static Load withDuration(Load load, Duration duration) {
    if (load instanceof Load.OpenLoop open) return new Load.OpenLoop(open.ratePerSecond(), duration, open.poisson());
    return new Load.ClosedLoop(((Load.ClosedLoop) load).clients(), duration);
  }

  private static void bad(String message) {
    throw new IllegalArgumentException(message);
  }
}
