package pekkolb.app;

import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The flags of the one-JVM modes (serve, demo): how many workers run beside the broker, how fast
 * (all of them, and one by one), and where the admin endpoint listens.
 */
final class LocalOptions {
  @Option(names = "--workers", defaultValue = "3", description = "Workers in the pool (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--worker-speed", paramLabel = "NAME=SPEED",
      description = "Speed of one worker, e.g. Worker-1=0.25 for four times slower (default: lb.worker.speed).")
  Map<String, Double> workerSpeeds = Map.of();

  @Mixin TimeScaleOption speed;

  @Mixin AdminOption admin;

  /** The config layers these flags set; more flags can be added on top. */
  Configs configs() {
    if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
    return new Configs().set("lb.time-scale", speed.timeScale).set("lb.admin.port", admin.adminPort)
        .setAll("lb.worker.speeds", workerSpeeds);
  }
}
