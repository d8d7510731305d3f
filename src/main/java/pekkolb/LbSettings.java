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
    int clientWindow,
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
    Cluster cluster,
    Admin admin,
    Map<String, Double> workerSpeeds,
    Client client,
    Dispatch dispatch,
    Queue queue,
    ResilienceSettings resilience) {

  /** How a client spreads requests over brokers ({@code lb.client}, besides ask-timeout). */
  public record Client(int queueSize, Duration queueTimeout, Duration sweepInterval) {
    static Client from(SettingsReader c) {
      return new Client(c.intAtLeast("queue-size", 0), c.positiveDuration("queue-timeout"), c.positiveDuration("sweep-interval"));
    }
  }

  /**
   * How a broker trusts and paces its workers: the largest job it
   * accepts, the window a worker grants each broker, the per-job deadline backstop and its
   * re-dispatch budget, and how it shares the workers with other brokers.
   */
  public record Dispatch(Duration maxJobSize, int workerWindow, double deadlineFactor, double redispatchBudget,
      int redispatchFloor, Sharing sharing) {
    static Dispatch from(SettingsReader c) {
      double budget = c.positiveDouble("broker.redispatch-budget");
      if (budget > 1) throw c.invalid("broker.redispatch-budget", "a fraction > 0 and <= 1");
      double factor = c.positiveDouble("broker.job-deadline-factor");
      if (factor < 1) throw c.invalid("broker.job-deadline-factor", "a number >= 1");
      return new Dispatch(c.positiveDuration("broker.max-job-size"), c.intAtLeast("worker.window", 1), factor, budget,
          c.intAtLeast("broker.redispatch-budget-min", 0),
          new Sharing(c.bool("routing.reported-load"), c.intAtLeast("routing.subset-size", 0),
              c.positiveDuration("worker.usage-interval")));
    }

    public long maxJobSizeMillis() {
      return maxJobSize.toMillis();
    }
  }

  /**
   * How a broker shares the workers with other brokers ({@code lb.routing}): whether it counts the load
   * the workers report of the others' jobs, and how many workers it routes to (0 = all of them); and
   * how often a worker reports its usage to the brokers ({@code lb.worker.usage-interval}, unscaled).
   */
  public record Sharing(boolean reportedLoad, int subsetSize, Duration usageInterval) {}

  /**
   * The broker's late-binding {@code queue} mode ({@code lb.broker.queue}): shortest first, for how
   * long a job may be passed over, and the slots a Long leaves free for Shorts unless another slot
   * is expected to free within reservedUnlessFreeWithin.
   */
  public record Queue(boolean shortFirst, Duration maxPassOver, int reservedForShort, Duration reservedUnlessFreeWithin) {
    static Queue from(SettingsReader c) {
      return new Queue(c.bool("short-first"), c.positiveDuration("max-pass-over"), c.intAtLeast("reserved-for-short", 0),
          c.durationAtLeastZero("reserved-unless-free-within"));
    }
  }

  /** The admin HTTP endpoint and the metrics it serves ({@code lb.admin}). */
  public record Admin(String host, int port, boolean metrics, Duration pushInterval, Duration window) {
    static Admin from(SettingsReader c) {
      Duration push = c.positiveDuration("push-interval");
      Duration window = c.positiveDuration("window");
      if (window.compareTo(push) < 0) throw c.invalid("window", "at least lb.admin.push-interval (" + c.raw("push-interval") + ")");
      return new Admin(c.string("host"), c.intBetween("port", 0, 65535), c.bool("metrics"), push, window);
    }
  }

  /** Cluster mode ({@code lb.cluster}). */
  public record Cluster(String host, int brokerPort, int workerBasePort, java.util.List<String> seedNodes,
      Duration findBrokerTimeout, Duration drainTimeout, Duration brokerDrainTimeout) {
    public Cluster {
      seedNodes = java.util.List.copyOf(seedNodes);
    }

    static Cluster from(SettingsReader c) {
      return new Cluster(c.string("host"), c.intBetween("broker-port", 0, 65535),
          c.intBetween("worker-base-port", 0, 65535 - 1000), c.strings("seed-nodes"),
          c.positiveDuration("find-broker-timeout"), c.durationAtLeastZero("drain-timeout"),
          c.positiveDuration("broker-drain-timeout"));
    }
  }

  /**
   * The TCP gateway that speaks the original text protocol ({@code lb.gateway}). {@code auto} sizes
   * from the machine: max-connections half the open-file limit (each connection holds a descriptor,
   * and the rest of the node needs some), backlog the kernel's somaxconn, io-threads one per two CPUs.
   */
  public record Gateway(String host, int port, int maxLineLength, Duration idleTimeout, int maxConnections, int parallelism,
      int backlog, int ioThreads) {
    /** Where the machine does not tell its limits. */
    static final int FALLBACK_MAX_CONNECTIONS = 4096;
    static final int FALLBACK_BACKLOG = 4096;

    static Gateway from(SettingsReader c) {
      int maxConnections = c.intAtLeastOrAuto("max-connections", 1, () -> (int) Math.min(Integer.MAX_VALUE,
          Math.max(1, OsLimits.maxOpenFiles().orElse(2L * FALLBACK_MAX_CONNECTIONS) / 2)));
      int backlog = c.intAtLeastOrAuto("backlog", 1,
          () -> (int) Math.min(Integer.MAX_VALUE, Math.max(1, OsLimits.somaxconn().orElse(FALLBACK_BACKLOG))));
      int ioThreads = c.intAtLeastOrAuto("io-threads", 1, () -> Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
      return new Gateway(c.string("host"), c.intBetween("port", 0, 65535), c.intAtLeast("max-line-length", 16),
          c.positiveDuration("idle-timeout"), maxConnections, c.intAtLeast("parallelism", 1), backlog, ioThreads);
    }
  }

  public LbSettings {
    weights = Map.copyOf(weights);
    workerSpeeds = Map.copyOf(workerSpeeds);
  }

  /**
   * Reads the {@code lb} section of the given (fully resolved) config, checking every value.
   *
   * @throws IllegalArgumentException naming the first bad setting, its value and what is allowed
   */
  public static LbSettings from(Config root) {
    SettingsReader c = new SettingsReader(root.getConfig("lb"), "lb");
    Map<String, Integer> weights = new HashMap<>();
    SettingsReader w = c.block("routing.weights");
    for (String name : root.getConfig("lb.routing.weights").root().keySet()) {
      String path = com.typesafe.config.ConfigUtil.joinPath(name);
      weights.put(name, w.intAtLeast(path, 1));
    }
    double timeScale = c.positiveDouble("time-scale");
    Duration pendingTimeout = c.positiveDuration("broker.pending-timeout");
    Duration askTimeout = c.positiveDuration("client.ask-timeout");
    // The broker's own reason ("no worker became available") must reach the client before its ask expires.
    if (pendingTimeout.toNanos() * timeScale >= askTimeout.toNanos()) {
      throw c.invalid("broker.pending-timeout", "shorter than lb.client.ask-timeout (" + c.raw("client.ask-timeout")
          + ") once scaled by lb.time-scale (" + timeScale + ")");
    }
    return new LbSettings(
        timeScale,
        c.positiveDuration("jobs.short"),
        c.positiveDuration("jobs.long"),
        c.parsed("default-approach", Approach.allowed(), Approach::parse),
        c.intAtLeast("worker.slots", 0),
        c.positiveDouble("worker.speed"),
        c.intAtLeast("broker.pending-buffer", 0),
        pendingTimeout,
        c.intAtLeast("broker.max-in-flight", 1),
        c.intAtLeast("broker.client-window", 1),
        c.intAtLeast("broker.max-attempts", 1),
        c.durationAtLeastZero("broker.job-deadline-margin"),
        c.positiveDuration("broker.sweep-interval"),
        c.bool("broker.log-jobs"),
        c.parsed("routing.seed", "none or a whole number", LbSettings::seed),
        c.positiveDuration("routing.peak-ewma-decay"),
        c.intAtLeast("routing.default-weight", 1),
        weights,
        askTimeout,
        Gateway.from(c.block("gateway")),
        Cluster.from(c.block("cluster")),
        Admin.from(c.block("admin")),
        workerSpeeds(root, c.block("worker.speeds")),
        Client.from(c.block("client")),
        Dispatch.from(c),
        Queue.from(c.block("broker.queue")),
        ResilienceSettings.from(c.block("broker")));
  }

  private static OptionalLong seed(String text) {
    return text.equalsIgnoreCase("none") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
  }

  private static Map<String, Double> workerSpeeds(Config root, SettingsReader speeds) {
    Map<String, Double> out = new HashMap<>();
    for (String name : root.getConfig("lb.worker.speeds").root().keySet()) {
      out.put(name, speeds.positiveDouble(com.typesafe.config.ConfigUtil.joinPath(name)));
    }
    return out;
  }

  /** The speed of the worker with this name: lb.worker.speeds, else lb.worker.speed. */
  public double speedOf(String workerName) {
    return workerSpeeds.getOrDefault(workerName, workerSpeed);
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
