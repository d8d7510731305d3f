package pekkolb.app;

import picocli.CommandLine.Option;

/** The flags of the one-JVM modes (serve, demo): how many workers run beside the broker, and how fast. */
final class LocalOptions {
  @Option(names = "--workers", defaultValue = "3", description = "Workers in the pool (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--time-scale", paramLabel = "F", description = "Multiply job durations, e.g. 0.1 (default: lb.time-scale).")
  Double timeScale;

  /** The config layers these flags set; more flags can be added on top. */
  Configs configs() {
    if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
    return new Configs().set("lb.time-scale", timeScale);
  }
}
