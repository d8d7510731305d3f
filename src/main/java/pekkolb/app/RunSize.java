package pekkolb.app;

import picocli.CommandLine.Option;

/** bench's flags for the size of a run: requests, window, warm-ups, repetitions and workers. */
final class RunSize {
  @Option(names = "--requests", defaultValue = "200000",
      description = "Requests per throughput run in the cluster, and in part 1's first run of each path (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--min-run-seconds", defaultValue = "1",
      description = "Part 1: each measured run sized to its path's speed to last at least this long, 0 for --requests each (default: ${DEFAULT-VALUE}).")
  double minRunSeconds;

  @Option(names = "--window", defaultValue = "2000",
      description = "Requests in flight during a throughput run (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--warmup", defaultValue = "3",
      description = "Warm-up runs per path (parts 1 and 3) and warm-up bursts of the gateway, not counted (default: ${DEFAULT-VALUE}).")
  int warmup;

  // Twelve: a burst's handlers run once per batch of 256 requests, so 3 bursts left them to be
  // compiled during the measured burst; 12 x 20,000 measured faster than 3 or 6 x 100,000.
  @Option(names = "--burst-warmup", defaultValue = "12",
      description = "Warm-up bursts of 20,000 50 ms jobs before part 2's broker rows, and as many before its reference rows, then, before each --concurrency size, bursts of it with 600 ms jobs until one ran with the JIT all but idle; not counted (default: ${DEFAULT-VALUE}).")
  int burstWarmup;

  @Option(names = "--iterations", defaultValue = "5", description = "Measured runs per path (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--workers", defaultValue = "3",
      description = "Workers behind the pool and the broker, and worker nodes in the cluster (default: ${DEFAULT-VALUE}).")
  int workers;

  /** @throws IllegalArgumentException naming the first flag out of range */
  void validate() {
    atLeast("--requests", requests, 1);
    atLeast("--window", window, 1);
    atLeast("--warmup", warmup, 0);
    atLeast("--burst-warmup", burstWarmup, 0);
    atLeast("--iterations", iterations, 1);
    atLeast("--workers", workers, 1);
    if (!(minRunSeconds >= 0)) throw new IllegalArgumentException("--min-run-seconds must be >= 0, got " + minRunSeconds);
  }

  private static void atLeast(String flag, int value, int min) {
    if (value < min) throw new IllegalArgumentException(flag + " must be >= " + min + ", got " + value);
  }
}
