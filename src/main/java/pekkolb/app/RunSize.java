package pekkolb.app;

import picocli.CommandLine.Option;

/** bench's flags for the size of a throughput run: requests, window, repetitions and workers. */
final class RunSize {
  @Option(names = "--requests", defaultValue = "200000",
      description = "Requests per throughput run, in part 1 and in the cluster (default: ${DEFAULT-VALUE}).")
  int requests;

  @Option(names = "--window", defaultValue = "2000",
      description = "Requests in flight during a throughput run (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(names = "--warmup", defaultValue = "3",
      description = "Warm-up runs per path, and warm-up bursts before part 2, not counted (default: ${DEFAULT-VALUE}).")
  int warmup;

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
    atLeast("--iterations", iterations, 1);
    atLeast("--workers", workers, 1);
  }

  private static void atLeast(String flag, int value, int min) {
    if (value < min) throw new IllegalArgumentException(flag + " must be >= " + min + ", got " + value);
  }
}
