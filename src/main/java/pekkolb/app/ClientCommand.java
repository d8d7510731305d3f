package pekkolb.app;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.net.InetSocketAddress;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.client.SocketClient;
import java.time.Duration;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pekkolb.LbSettings;
import pekkolb.client.LbClient;
import pekkolb.client.BrokerPool;
import pekkolb.cluster.ClusterConfig;
import pekkolb.cluster.DroppedMessages;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;

/**
 * A client node: joins the cluster, finds the brokers through the Receptionist (a {@link BrokerPool}
 * spreads requests over them and re-submits what a lost one held), prints each answer, leaves.
 * Exits 0 only if every request got a Response.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = "Join the cluster as a client, send requests to the brokers and print the answers.")
final class ClientCommand implements Callable<Integer> {
  /** How long a client waits for its actor system to stop once coordinated shutdown has run. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);

  @Parameters(index = "0", paramLabel = "<Long|Short>", description = "Application type.")
  String appType;

  @Parameters(index = "1", arity = "0..1", paramLabel = "<approach>",
      description = "round_robin, least_connections, random, power_of_two, weighted_round_robin or peak_ewma "
          + "(default: lb.default-approach).")
  String approach;

  @Option(names = "--count", defaultValue = "1", description = "Requests to send (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--concurrency", defaultValue = "1", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--gateway", paramLabel = "HOST:PORT",
      description = "Instead of joining the cluster, send each request over its own socket to this text gateway, "
          + "exactly as the original client did (e.g. 127.0.0.1:8000).")
  String gateway;

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    AppType.parse(appType); // a typo is reported before joining anything
    if (approach != null) Approach.parse(approach);
    if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
    if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be >= 1, got " + concurrency);
    long start = System.nanoTime();
    Config base = cluster.configs().build();
    LbSettings settings = LbSettings.from(base);
    if (gateway != null) return viaGateway(base, settings, start);
    ClusterOptions.Node node = cluster.resolve(ClusterConfig.Role.CLIENT, settings.cluster(), 0);
    Config config = node.config(base);

    ActorSystem<BrokerMessage> system;
    try {
      system = ActorSystem.create(BrokerPool.create(settings), ClusterConfig.SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      System.err.printf("cannot start the client node on %s: %s%n", node.address(), GatewayStarter.rootMessage(e));
      return 1;
    }
    DroppedMessages.watch(system);
    Executor ec = system.executionContext();
    Duration findTimeout = settings.cluster().findBrokerTimeout();
    CompletableFuture<Integer> found = AskPattern.<BrokerMessage, Integer>ask(system, BrokerPool.AwaitBroker::new,
        findTimeout, system.scheduler()).toCompletableFuture();

    Tally tally = new Tally(start);
    CompletableFuture<Void> run = found.thenComposeAsync(brokers -> {
      System.out.printf("[Client] found %d broker(s) after %.1f s; sending %d x AppID:%s:%s%n", brokers,
          (System.nanoTime() - start) / 1e9, count, appType, approach == null ? "(default)" : approach);
      return runAll(system, () -> LbClient.viaPool(system, system.scheduler(), appType, approach, settings)
          .thenApply(Reply::text), tally);
    }, ec);
    int exit;
    try {
      run.join();
      exit = tally.report();
      BrokerPool.PoolStats stats = AskPattern.<BrokerMessage, BrokerPool.PoolStats>ask(system,
          BrokerPool.GetPoolStats::new, Duration.ofSeconds(10), system.scheduler()).toCompletableFuture().join();
      System.out.printf("[Client] failover: %d re-submitted after a broker was lost, %d handed back, "
          + "%d late answer(s) dropped (after an earlier answer or a timeout)%n",
          stats.resubmitted(), stats.handedBack(), stats.duplicatesDropped());
    } catch (RuntimeException e) {
      exit = failureExit(found, e, node.seeds(), settings);
    }
    stop(system); // coordinated shutdown: leave the cluster first
    return exit;
  }

  /** 3 when the broker was never found (the find timed out), else 1 with what went wrong. */
  static int failureExit(CompletableFuture<?> found, RuntimeException failure, List<String> seeds, LbSettings settings) {
    if (!found.isDone() || found.isCompletedExceptionally()) {
      System.err.printf("[Client] no broker found in the cluster (seed nodes %s) within %d s%n",
          String.join(",", seeds), settings.cluster().findBrokerTimeout().toSeconds());
      return 3;
    }
    System.err.printf("[Client] failed after finding the broker: %s%n", GatewayStarter.rootMessage(failure));
    return 1;
  }

  /** Socket mode: a plain local ActorSystem, no cluster; each request on its own connection. */
  private int viaGateway(Config base, LbSettings settings, long start) {
    int colon = gateway.lastIndexOf(':');
    int port;
    try {
      port = Integer.parseInt(gateway.substring(colon + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("--gateway '" + gateway + "' is not HOST:PORT (e.g. 127.0.0.1:8000)");
    }
    InetSocketAddress address = new InetSocketAddress(colon > 0 ? gateway.substring(0, colon) : "127.0.0.1", port);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "pekko-lb-client", base);
    Tally tally = new Tally(start);
    String request = SocketClient.request(appType, approach);
    System.out.printf("[Client] sending %d x %s to %s, %d at a time%n", count, request, gateway, Math.min(concurrency, count));
    runAll(system, () -> SocketClient.send(system, address, request, settings.askTimeout()), tally).join();
    int exit = tally.report();
    stop(system);
    return exit;
  }

  /**
   * Runs coordinated shutdown, then gives the system a short grace to stop. Its last phase can hang
   * on a peer whose host was cut off mid-run; the answers are all in by then, so the client exits anyway.
   */
  static void stop(ActorSystem<?> system) {
    CoordinatedShutdown.get(system.classicSystem()).runAll(CoordinatedShutdown.unknownReason())
        .toCompletableFuture().join();
    try {
      system.getWhenTerminated().toCompletableFuture().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      System.err.printf("[Client] the actor system had not stopped %d s after its shutdown ran; exiting anyway%n",
          STOP_GRACE.toSeconds());
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("stopping the client's actor system failed", e);
    }
  }

  /** Runs {@code count} requests, {@code concurrency} lanes side by side, each one request after another. */
  private CompletableFuture<Void> runAll(ActorSystem<?> system, Supplier<CompletionStage<String>> request, Tally tally) {
    AtomicInteger next = new AtomicInteger();
    List<CompletableFuture<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(concurrency, count); i++) {
      lanes.add(lane(system.executionContext(), request, next, tally).toCompletableFuture());
    }
    return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
  }

  private CompletionStage<Void> lane(Executor ec, Supplier<CompletionStage<String>> request, AtomicInteger next, Tally tally) {
    if (next.getAndIncrement() >= count) return CompletableFuture.completedFuture(null);
    return request.get().thenComposeAsync(answer -> {
      tally.record(answer);
      return lane(ec, request, next, tally);
    }, ec);
  }

  /** Counts and prints answers; a Response is one that starts "Response from", as on the wire. */
  private final class Tally {
    private final long start;
    private final AtomicInteger responses = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong firstAnswer = new AtomicLong();
    private final AtomicLong lastAnswer = new AtomicLong();

    Tally(long start) {
      this.start = start;
    }

    void record(String answer) {
      long now = System.nanoTime();
      firstAnswer.compareAndSet(0, now);
      lastAnswer.set(now);
      System.out.println("[Client] Received: " + answer);
      if (answer.startsWith("Response from")) responses.incrementAndGet();
      else failures.incrementAndGet();
    }

    int report() {
      System.out.printf("[Client] %d request(s): %d Response(s), %d failed; first answer %.2f s, last %.2f s after start%n",
          count, responses.get(), failures.get(), (firstAnswer.get() - start) / 1e9, (lastAnswer.get() - start) / 1e9);
      return failures.get() == 0 && responses.get() == count ? 0 : 1;
    }
  }
}
