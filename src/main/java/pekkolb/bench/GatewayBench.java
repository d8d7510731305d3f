package pekkolb.bench;

import ch.qos.logback.classic.Level;
import com.sun.management.UnixOperatingSystemMXBean;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import pekkolb.LbSettings;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.GatewayRow;
import pekkolb.bench.BenchResults.GatewaySide;
import pekkolb.broker.Broker;
import pekkolb.gateway.Gateway;
import pekkolb.protocol.BrokerMessage;
import pekkolb.worker.Worker;

/**
 * Part 4: N connections at once, each one bare Long request in the original protocol, from one
 * non-blocking client in a JVM of its own ({@link ChildClient}), against what {@code serve} runs (a broker, local workers and the
 * gateway, in an ActorSystem of their own) and against {@link ReferenceServer}, which only waits the
 * job's time. The gateway's extra wall time over the reference is what routing through Pekko costs.
 */
public final class GatewayBench {

  public static final String REQUEST = "AppID:Long:round_robin";
  /** The accept backlog Gateway.bind asks for; the reference gets the same unless told otherwise. */
  public static final int GATEWAY_BACKLOG = 1024;
  /** Connections in each warm-up burst (with 50 ms jobs), per target. */
  public static final int WARMUP_SIZE = 1_000;

  public record Options(List<Integer> sizes, int workers, int warmupBursts, int referenceBacklog, Duration extraTimeout) {}

  private GatewayBench() {}

  /** Runs part 4, one size after another, the reference before the gateway; every step runs on {@code control}. */
  public static CompletableFuture<GatewayConnections> run(Config config, Options o, Executor control) {
    int biggest = o.sizes().stream().mapToInt(Integer::intValue).max().orElse(0);
    // A free port, and room for the biggest burst: beyond max-connections the gateway answers "ERROR busy".
    Config benchConfig = ConfigFactory.parseMap(Map.of("lb.gateway.port", 0, "lb.gateway.host", "127.0.0.1",
        "lb.gateway.max-connections", Math.max(biggest, config.getInt("lb.gateway.max-connections"))))
        .withFallback(config);
    Config warmConfig = ConfigFactory.parseMap(Map.of("lb.jobs.long", "50ms")).withFallback(benchConfig);
    LbSettings settings = LbSettings.from(benchConfig);
    long jobNanos = ConcurrencyBench.jobNanos(settings);
    List<GatewayRow> rows = new ArrayList<>();
    ChildClient client = ChildClient.start();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < o.warmupBursts(); i++) {
      int n = Math.min(WARMUP_SIZE, biggest);
      chain = chain.thenComposeAsync(v -> both(client, warmConfig, o, n, control), control).thenAcceptAsync(r -> {}, control);
    }
    for (int n : o.sizes()) {
      chain = chain.thenComposeAsync(v -> both(client, benchConfig, o, n, control), control).thenAcceptAsync(rows::add, control);
    }
    Level before = QuietAccept.silence();
    return chain.thenApplyAsync(v -> new GatewayConnections(jobNanos / 1e9, o.workers(), REQUEST,
        settings.gateway().maxConnections(), o.referenceBacklog(), maxOpenFiles(), o.warmupBursts(), List.copyOf(rows)),
        control).whenComplete((r, e) -> {
          QuietAccept.restore(before);
          client.close();
        });
  }

  /**
   * Pekko IO's listener logs an ERROR with a stack trace each time accept fails and retries at
   * once: at the open-file limit (when client and server shared this JVM) that was 800,000 lines in five
   * seconds. The part counts and reports failed connections itself, so those lines go while it runs.
   */
  private static final class QuietAccept {
    private static final ch.qos.logback.classic.Logger LISTENER =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.pekko.io.TcpListener");

    static Level silence() {
      Level before = LISTENER.getLevel();
      LISTENER.setLevel(Level.OFF);
      return before;
    }

    static void restore(Level before) {
      LISTENER.setLevel(before);
    }
  }

  private static CompletableFuture<GatewayRow> both(ChildClient client, Config config, Options o, int n, Executor control) {
    LbSettings settings = LbSettings.from(config);
    long jobNanos = ConcurrencyBench.jobNanos(settings);
    Duration timeout = Duration.ofNanos(jobNanos).plus(o.extraTimeout());
    return reference(client, jobNanos, o.referenceBacklog(), n, timeout)
        .thenComposeAsync(ref -> gateway(client, config, settings, o.workers(), n, timeout, control)
            .thenApplyAsync(gw -> new GatewayRow(n, ref, gw, gw.seconds() - ref.seconds()), control), control);
  }

  private static CompletableFuture<GatewaySide> reference(ChildClient client, long jobNanos, int backlog, int n, Duration timeout) {
    System.gc(); // between bursts, not during one
    ReferenceServer server;
    try {
      server = new ReferenceServer(jobNanos, backlog);
      long overflows = ListenOverflows.now();
      long cpu = CpuTime.processNanos();
      return client.burst(server.address(), REQUEST, n, timeout)
          .whenComplete((r, e) -> server.close())
          .thenApply(r -> side(r, CpuTime.processNanos() - cpu, ListenOverflows.since(overflows)));
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException("reference server: " + e.getMessage(), e));
    }
  }

  /** serve's node, built as serve builds it (workers, then the broker, then Gateway.bind), then one burst at it. */
  private static CompletableFuture<GatewaySide> gateway(ChildClient client, Config config, LbSettings settings, int workers,
      int n, Duration timeout, Executor control) {
    System.gc();
    // Set by the guardian's setup, which has run once the node is ready.
    AtomicReference<ActorRef<BrokerMessage>> broker = new AtomicReference<>();
    ActorSystem<Object> system = ActorSystem.create(Driver.guardian(ctx -> {
      for (int i = 1; i <= workers; i++) ctx.spawn(Worker.create(settings), "Worker-" + i);
      broker.set(ctx.spawn(Broker.create(settings), "broker"));
      return new Driver.Node(Map.of(), broker.get(), workers);
    }), "bench-gateway", config);
    CompletableFuture<GatewaySide> side = ThroughputBench.ready(system)
        .thenComposeAsync(v -> Gateway.bind(system, broker.get(), settings), control)
        .thenComposeAsync(g -> {
          long overflows = ListenOverflows.now();
          long cpu = CpuTime.processNanos();
          return client.burst(g.address(), REQUEST, n, timeout)
              .thenApply(r -> side(r, CpuTime.processNanos() - cpu, ListenOverflows.since(overflows)));
        }, control);
    return side.handleAsync((r, error) -> {
      system.terminate();
      return system.getWhenTerminated().toCompletableFuture().thenComposeAsync(
          t -> error == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<GatewaySide>failedFuture(error), control);
    }, control).thenComposeAsync(Function.identity(), control);
  }

  private static GatewaySide side(BurstClient.Result r, long serverCpuNanos, long listenOverflows) {
    return new GatewaySide(r.answered(), r.failed(), r.seconds(), serverCpuNanos / 1e9, r.firstError(), listenOverflows);
  }

  /** The process's file descriptor limit, -1 when the JVM cannot tell. */
  static long maxOpenFiles() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
        ? os.getMaxFileDescriptorCount() : -1;
  }
}
