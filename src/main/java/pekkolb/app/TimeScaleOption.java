package pekkolb.app;

import picocli.CommandLine.Option;

/** The --time-scale flag of every command that runs jobs. */
final class TimeScaleOption {
  @Option(names = "--time-scale", paramLabel = "F", description = "Multiply job durations, e.g. 0.1 (default: lb.time-scale).")
  Double timeScale;
}
