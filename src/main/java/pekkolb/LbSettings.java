package pekkolb;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/** Typed view of the {@code lb { ... }} section of application.conf. Actors read nothing else. */
public record LbSettings(
    double timeScale,
    Duration shortJob,
    Duration longJob,
    Approach defaultApproach,
    int workerSlots,
    double workerSpeed,
    int pendingBuffer,
    Duration pendingTimeout,
    int maxInFlight,
    int maxAttempts,
    Duration jobDeadlineMargin,
    Duration sweepInterval,
    boolean logJobs,
    OptionalLong routingSeed,
    Duration peakEwmaDecay,
    int defaultWeight,
    Map<String, Integer> weights,
    Duration askTimeout,
    Gateway gateway,
    Cluster cluster) {

  /** Cluster mode ({@code lb.cluster}). */
  public record Cluster(String host, int brokerPort, int workerBasePort, java.util.List<String> seedNodes,
      Duration findBrokerTimeout, Duration drainTimeout) {
    public Cluster {
      seedNodes = java.util.List.copyOf(seedNodes);
    }

    static Cluster from(Config c) {
      return new Cluster(c.getString("host"), c.getInt("broker-port"), c.getInt("worker-base-port"),
          c.getStringList("seed-nodes"), c.getDuration("find-broker-timeout"), c.getDuration("drain-timeout"));
    }
  }

  /** The TCP gateway that speaks the original text protocol ({@code lb.gateway}). */
  public record Gateway(String host, int port, int maxLineLength, Duration idleTimeout, int maxConnections, int parallelism) {
    public Gateway {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("lb.gateway.port must be 0..65535, got " + port);
      if (maxLineLength < 16) throw new IllegalArgumentException("lb.gateway.max-line-length must be >= 16, got " + maxLineLength);
      if (maxConnections < 1) throw new IllegalArgumentException("lb.gateway.max-connections must be >= 1");
      if (parallelism < 1) throw new IllegalArgumentException("lb.gateway.parallelism must be >= 1");
    }

    static Gateway from(Config c) {
      return new Gateway(c.getString("host"), c.getInt("port"), c.getInt("max-line-length"),
          c.getDuration("idle-timeout"), c.getInt("max-connections"), c.getInt("parallelism"));
    }
  }

  public LbSettings {
    if (!(timeScale > 0)) throw new IllegalArgumentException("lb.time-scale must be > 0, got " + timeScale);
    if (workerSlots < 0) throw new IllegalArgumentException("lb.worker.slots must be >= 0, got " + workerSlots);
    if (!(workerSpeed > 0)) throw new IllegalArgumentException("lb.worker.speed must be > 0, got " + workerSpeed);
    if (maxAttempts < 1) throw new IllegalArgumentException("lb.broker.max-attempts must be >= 1, got " + maxAttempts);
    if (defaultWeight < 1) throw new IllegalArgumentException("lb.routing.default-weight must be >= 1");
    weights = Map.copyOf(weights);
  }

  /** Reads the {@code lb} section of the given (fully resolved) config. */
  public static LbSettings from(Config root) {
    Config c = root.getConfig("lb");
    Map<String, Integer> weights = new HashMap<>();
    Config w = c.getConfig("routing.weights");
    for (var e : w.root().entrySet()) {
      if (!(e.getValue().unwrapped() instanceof Number n) || n.intValue() < 1) {
        throw new IllegalArgumentException(
            "lb.routing.weights.\"" + e.getKey() + "\" must be a whole number >= 1, got " + e.getValue().render());
      }
      weights.put(e.getKey(), n.intValue());
    }
    String seed = c.getString("routing.seed");
    return new LbSettings(
        c.getDouble("time-scale"),
        c.getDuration("jobs.short"),
        c.getDuration("jobs.long"),
        Approach.parse(c.getString("default-approach")),
        c.getInt("worker.slots"),
        c.getDouble("worker.speed"),
        c.getInt("broker.pending-buffer"),
        c.getDuration("broker.pending-timeout"),
        c.getInt("broker.max-in-flight"),
        c.getInt("broker.max-attempts"),
        c.getDuration("broker.job-deadline-margin"),
        c.getDuration("broker.sweep-interval"),
        c.getBoolean("broker.log-jobs"),
        seed.equalsIgnoreCase("none") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(seed)),
        c.getDuration("routing.peak-ewma-decay"),
        c.getInt("routing.default-weight"),
        weights,
        c.getDuration("client.ask-timeout"),
        Gateway.from(c.getConfig("gateway")),
        Cluster.from(c.getConfig("cluster")));
  }

  /** Loads application.conf (plus -D overrides) from the classpath. */
  public static LbSettings load() {
    return from(ConfigFactory.load());
  }

  /** Unscaled job duration of an application type at speed 1.0. */
  public Duration jobDuration(AppType type) {
    return type == AppType.LONG ? longJob : shortJob;
  }

  public int weightOf(String workerName) {
    return weights.getOrDefault(workerName, defaultWeight);
  }

  /** Converts an unscaled duration to real nanoseconds under the time scale. */
  public long scaledNanos(Duration unscaled) {
    return (long) (unscaled.toNanos() * timeScale);
  }
}
