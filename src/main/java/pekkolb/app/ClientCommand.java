package pekkolb.app;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.client.LbClient;
import pekkolb.cluster.BrokerFinder;
import pekkolb.cluster.ClusterConfig;
import pekkolb.routing.Approach;
import pekkolb.worker.AppType;

/**
 * A client node: joins the cluster, finds the broker through the Receptionist, asks for jobs,
 * prints each answer, leaves. Exits 0 only if every request got a Response.
 */
@Command(name = "client", mixinStandardHelpOptions = true,
    description = "Join the cluster as a client, send requests to the broker and print the answers.")
final class ClientCommand implements Callable<Integer> {

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

  @Mixin ClusterOptions cluster;

  @Override
  public Integer call() {
    AppType.parse(appType); // a typo is reported before joining anything
    if (approach != null) Approach.parse(approach);
    if (count < 1) throw new IllegalArgumentException("--count must be >= 1, got " + count);
    if (concurrency < 1) throw new IllegalArgumentException("--concurrency must be >= 1, got " + concurrency);
    long start = System.nanoTime();
    Config base = new Configs().build();
    LbSettings settings = LbSettings.from(base);
    String host = cluster.host != null ? cluster.host : settings.cluster().host();
    int port = cluster.port != null ? cluster.port : 0;
    List<String> seeds = cluster.seedNodes != null ? cluster.seedNodes : settings.cluster().seedNodes();
    Config config = ClusterConfig.forNode(ClusterConfig.Role.CLIENT, host, port, seeds, base);

    CompletableFuture<ActorRef<Broker.Command>> found = new CompletableFuture<>();
    ActorSystem<Receptionist.Listing> system;
    try {
      system = ActorSystem.create(BrokerFinder.create(found), ClusterConfig.SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      System.err.printf("cannot start the client node on %s:%d: %s%n", host, port, BrokerCommand.rootMessage(e));
      return 1;
    }
    Executor ec = system.executionContext();
    AtomicInteger responses = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    AtomicLong firstAnswer = new AtomicLong();
    AtomicInteger next = new AtomicInteger();

    CompletableFuture<Void> run = found
        .orTimeout(settings.cluster().findBrokerTimeout().toMillis(), TimeUnit.MILLISECONDS)
        .thenComposeAsync(broker -> {
          System.out.printf("[Client] found the broker after %.1f s; sending %d x AppID:%s:%s%n",
              (System.nanoTime() - start) / 1e9, count, appType, approach == null ? "(default)" : approach);
          List<CompletableFuture<Void>> lanes = new ArrayList<>();
          for (int i = 0; i < Math.min(concurrency, count); i++) {
            lanes.add(lane(system, broker, settings, next, responses, failures, firstAnswer, start).toCompletableFuture());
          }
          return CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new));
        }, ec);
    int exit;
    try {
      run.join();
      System.out.printf("[Client] %d request(s): %d Response(s), %d failed; first answer %.1f s after start%n",
          count, responses.get(), failures.get(), (firstAnswer.get() - start) / 1e9);
      exit = failures.get() == 0 && responses.get() == count ? 0 : 1;
    } catch (RuntimeException e) {
      System.err.printf("[Client] no broker found in the cluster (seed nodes %s) within %d s%n",
          String.join(",", seeds), settings.cluster().findBrokerTimeout().toSeconds());
      exit = 3;
    }
    system.terminate(); // coordinated shutdown: leave the cluster first
    system.getWhenTerminated().toCompletableFuture().join();
    return exit;
  }

  /** One request after another until all {@code count} are taken; {@code concurrency} lanes run side by side. */
  private CompletionStage<Void> lane(ActorSystem<?> system, ActorRef<Broker.Command> broker, LbSettings settings,
      AtomicInteger next, AtomicInteger responses, AtomicInteger failures, AtomicLong firstAnswer, long start) {
    if (next.getAndIncrement() >= count) return CompletableFuture.completedFuture(null);
    return LbClient.submit(broker, system.scheduler(), appType, approach, settings.askTimeout())
        .thenComposeAsync(reply -> {
          firstAnswer.compareAndSet(0, System.nanoTime());
          System.out.println("[Client] Received: " + reply.text());
          if (reply instanceof Broker.Response) responses.incrementAndGet();
          else failures.incrementAndGet();
          return lane(system, broker, settings, next, responses, failures, firstAnswer, start);
        }, system.executionContext());
  }
}
