package pekkolb.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import pekkolb.LbSettings;
import pekkolb.OsLimits;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.GatewayRow;
import pekkolb.bench.BenchResults.GatewaySide;
import pekkolb.broker.Broker;
import pekkolb.client.BrokerPool;
import pekkolb.gateway.Gateway;
import pekkolb.protocol.BrokerMessage;
import pekkolb.worker.Worker;

/**
 * Part 4: N connections at once, each one bare Long request in the original protocol, from one
 * non-blocking client in a JVM of its own ({@link ChildClient}), against what {@code serve} runs (local
 * workers, a broker, the pool the gateway asks through and the gateway, in an ActorSystem of their
 * own, in this JVM) and against {@link ReferenceServer}, which only waits the job's time, in a JVM of
 * its own ({@link ChildReference}). The gateway's extra wall time over the reference is what routing
 * through Pekko costs.
 *
 * <p>The reference serves any number of jobs at once, so the node here must too: the broker's window
 * at each worker (lb.worker.window) and the pool's at the broker (lb.broker.client-window) are raised
 * to the biggest burst, as is lb.gateway.max-connections. With serve's defaults a burst beyond those
 * windows waits a Long job's time per window's worth.
 *
 * <p>The CPU per connection is the server process's CPU over the burst (for the gateway this JVM,
 * which runs nothing else during a burst but the bench's wait for the client's answer) less what
 * the process burns idle over the same time (measured for {@link #IDLE_SAMPLE} right before it:
 * mostly Pekko's 1 ms scheduler tick), divided by the connections answered.
 */
public final class GatewayBench {

  public static final String REQUEST = "AppID:Long:round_robin";
  /**
   * How long a server's idle CPU is sampled before a measured burst: as long as a burst, since the
   * process CPU clock counts in scheduler ticks (10 ms at Linux's usual 100 Hz) and a short sample's
   * rounding, scaled up to the burst's length, would swamp a small burst's figure. Warm-ups take none.
   */
  static final Duration IDLE_SAMPLE = Duration.ofSeconds(5);

  /** @param referenceBacklog the reference server's listen queue; null: the gateway's (lb.gateway.backlog) */
  public record Options(List<Integer> sizes, int workers, int warmupBursts, Integer referenceBacklog, Duration extraTimeout) {}

  /** What the bursts run with: the node's config, the reference's listen queue, the client's patience. */
  private record Setup(Config config, LbSettings settings, int referenceBacklog, int workers, Duration timeout) {
    static Setup of(Config config, Options o, int referenceBacklog) {
      LbSettings settings = LbSettings.from(config);
      Duration timeout = Duration.ofNanos(ConcurrencyBench.jobNanos(settings)).plus(o.extraTimeout());
      return new Setup(config, settings, referenceBacklog, o.workers(), timeout);
    }

    long jobNanos() {
      return ConcurrencyBench.jobNanos(settings);
    }
  }

  private GatewayBench() {}

  /** Runs part 4, one size after another, the reference before the gateway; every step runs on {@code control}. */
  public static CompletableFuture<GatewayConnections> run(Config config, Options o, Executor control) {
    int biggest = o.sizes().stream().mapToInt(Integer::intValue).max().orElse(0);
    LbSettings configured = LbSettings.from(config);
    // A free port, and room for the biggest burst: beyond max-connections the gateway answers "ERROR busy".
    Config benchConfig = ConfigFactory.parseMap(Map.of("lb.gateway.port", 0, "lb.gateway.host", "127.0.0.1",
        "lb.gateway.max-connections", Math.max(biggest, configured.gateway().maxConnections()),
        "lb.worker.window", Math.max(biggest, configured.dispatch().workerWindow()),
        "lb.broker.client-window", Math.max(biggest, configured.clientWindow())))
        .withFallback(config);
    LbSettings settings = LbSettings.from(benchConfig);
    int referenceBacklog = o.referenceBacklog() != null ? o.referenceBacklog() : settings.gateway().backlog();
    Setup s = Setup.of(benchConfig, o, referenceBacklog);
    ChildClient client = ChildClient.start();
    CompletableFuture<MeasuredServer> reference = reference(s, control);
    CompletableFuture<MeasuredServer> gateway = Node.start(s, control);
    return reference.thenCombineAsync(gateway, Servers::new, control)
        .thenComposeAsync(servers -> bursts(client, servers, s, o, control), control)
        .thenApplyAsync(rows -> new GatewayConnections(s.jobNanos() / 1e9, o.workers(), REQUEST,
            settings.gateway().maxConnections(), settings.gateway().backlog(), referenceBacklog,
            OsLimits.maxOpenFiles().orElse(-1), o.warmupBursts(), rows), control)
        .whenCompleteAsync((r, e) -> {
          client.close();
          reference.thenAccept(MeasuredServer::close);
          gateway.thenAccept(MeasuredServer::close);
        }, control);
  }

  /** The two servers of the part, each up throughout. */
  private record Servers(MeasuredServer reference, MeasuredServer gateway) {}

  /** Every burst of the part, against servers kept up throughout as servers are: warm-ups, then each size. */
  private static CompletableFuture<List<GatewayRow>> bursts(ChildClient client, Servers servers, Setup s, Options o,
      Executor control) {
    List<GatewayRow> rows = new ArrayList<>();
    int biggest = o.sizes().stream().mapToInt(Integer::intValue).max().orElse(0);
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    // At the biggest size first: C2 compiles a method after about 15,000 calls, so a path run once per
    // connection got compiled burst after burst of 1,000, and is compiled by two of 10,000.
    for (int i = 0; i < o.warmupBursts(); i++) {
      chain = chain.thenComposeAsync(v -> both(client, servers, s, biggest, Duration.ZERO, control), control)
          .thenAcceptAsync(r -> {}, control);
    }
    // Then the gateway at each size until the JIT is done with it: what only that size runs hot is
    // compiled before it is measured.
    for (int n : o.sizes()) {
      Burst warmup = new Burst(servers.gateway(), n, Duration.ZERO);
      chain = chain.thenComposeAsync(v -> SteadyWarmup.run(() -> measure(client, warmup, s.timeout(), control),
              GatewaySide::compileMillis, SteadyWarmup.MAX_BURSTS, control), control)
          .thenComposeAsync(warmups -> both(client, servers, s, n, IDLE_SAMPLE, control)
              .thenApply(r -> r.afterWarmups(warmups)), control)
          .thenAcceptAsync(rows::add, control);
    }
    return chain.thenApply(v -> List.copyOf(rows));
  }

  /** The reference, then the gateway, at {@code n}; each server's idle CPU sampled for {@code idleSample} before (none: zero). */
  private static CompletableFuture<GatewayRow> both(ChildClient client, Servers servers, Setup s, int n, Duration idleSample,
      Executor control) {
    return measure(client, new Burst(servers.reference(), n, idleSample), s.timeout(), control)
        .thenComposeAsync(ref -> measure(client, new Burst(servers.gateway(), n, idleSample), s.timeout(), control)
            .thenApplyAsync(gw -> new GatewayRow(n, ref, gw, gw.seconds() - ref.seconds(), 0), control), control);
  }

  /** The reference server in a JVM of its own; in this one where no java launcher can be found. */
  private static CompletableFuture<MeasuredServer> reference(Setup s, Executor control) {
    return ChildReference.start(s.jobNanos(), s.referenceBacklog()).orElseGet(() -> CompletableFuture.supplyAsync(() -> {
      try {
        ReferenceServer server = new ReferenceServer(s.jobNanos(), s.referenceBacklog());
        return MeasuredServer.inThisJvm(server.address(), server::close, control);
      } catch (IOException e) {
        throw new UncheckedIOException("reference server: " + e.getMessage(), e);
      }
    }, control));
  }

  /**
   * What serve runs, built as serve builds it (workers, the broker, the pool, then Gateway.bind), in an
   * ActorSystem of its own in this JVM; up for the whole part, as a server is, so its bursts run on
   * code and classes that earlier bursts compiled and loaded, not on a fresh system's.
   */
  private static final class Node {
    private Node() {}

    static CompletableFuture<MeasuredServer> start(Setup s, Executor control) {
      LbSettings settings = s.settings();
      // Set by the guardian's setup, which has run once the node is ready.
      AtomicReference<ActorRef<BrokerMessage>> pool = new AtomicReference<>();
      ActorSystem<Object> system = ActorSystem.create(Driver.guardian(ctx -> {
        for (int i = 1; i <= s.workers(); i++) ctx.spawn(Worker.create(settings), "Worker-" + i);
        ActorRef<BrokerMessage> broker = ctx.spawn(Broker.create(settings), "broker");
        pool.set(ctx.spawn(BrokerPool.create(settings), "broker-pool"));
        return new Driver.Node(Map.of(), broker, s.workers());
      }), "bench-gateway", s.config());
      CompletableFuture<MeasuredServer> node = ThroughputBench.ready(system)
          // serve's gateway takes requests once its pool has a window at a broker; so does this one.
          .thenComposeAsync(v -> AskPattern.<BrokerMessage, Integer>ask(pool.get(), BrokerPool.AwaitBroker::new,
              Duration.ofSeconds(30), system.scheduler()), control)
          .thenComposeAsync(v -> Gateway.bind(system, pool.get(), settings), control)
          .thenApply(g -> MeasuredServer.inThisJvm(g.address(), system::terminate, control));
      return node.whenComplete((n, e) -> { if (e != null) system.terminate(); });
    }
  }

  /** One burst of {@code connections} at {@code server}, after sampling its idle CPU for {@code idleSample} (zero: none). */
  private record Burst(MeasuredServer server, int connections, Duration idleSample) {}

  /** A server that is up: once its process has settled, its idle CPU over the burst's sample, then the burst. */
  private static CompletableFuture<GatewaySide> measure(ChildClient client, Burst b, Duration timeout, Executor control) {
    MeasuredServer server = b.server();
    return server.settle()
        .thenComposeAsync(v -> idleCpuPerSecond(server, b.idleSample(), control), control)
        .thenComposeAsync(idlePerSecond -> server.times().thenComposeAsync(before -> {
          long overflows = ListenOverflows.now();
          return client.burst(server.address(), REQUEST, b.connections(), timeout).thenComposeAsync(r -> server.times()
              .thenApply(after -> side(r, after.cpuNanos() - before.cpuNanos(), idlePerSecond,
                  after.compileMillis() - before.compileMillis(), ListenOverflows.since(overflows))), control);
        }, control), control);
  }

  /** The server process's CPU seconds per second while nothing is asked of it, over {@code sample}; zero: not sampled, 0. */
  private static CompletableFuture<Double> idleCpuPerSecond(MeasuredServer server, Duration sample, Executor control) {
    if (sample.isZero()) return CompletableFuture.completedFuture(0.0);
    long start = System.nanoTime();
    Executor later = CompletableFuture.delayedExecutor(sample.toMillis(), TimeUnit.MILLISECONDS, control);
    return server.times().thenComposeAsync(before -> CompletableFuture.supplyAsync(() -> null, later)
        .thenCompose(v -> server.times())
        .thenApply(after -> (double) (after.cpuNanos() - before.cpuNanos()) / (System.nanoTime() - start)), control);
  }

  private static GatewaySide side(BurstClient.Result r, long cpuNanos, double idlePerSecond, long compileMillis,
      long listenOverflows) {
    double idleSeconds = idlePerSecond * r.seconds();
    double perConnection = r.answered() == 0 ? Double.NaN : Math.max(0, cpuNanos / 1e9 - idleSeconds) * 1e3 / r.answered();
    return new GatewaySide(r.answered(), r.failed(), r.seconds(), cpuNanos / 1e9, idleSeconds, perConnection, compileMillis,
        r.firstError(), listenOverflows);
  }
}
