package pekkolb.app;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.client.LbClient;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerStats;

/**
 * One JVM: a broker and Worker-1..3. Replays the original classroom session one request at a time,
 * then a concurrent burst that finishes in about one Long job, and prints who did what.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run a broker and 3 workers in one JVM, replay the original session, then a burst.")
final class DemoCommand implements Callable<Integer> {

  /** The original session, in its order. */
  private static final String[][] SESSION = {
    {"Short", "round_robin"}, {"Long", "least_connections"}, {"Long", "round_robin"},
    {"Short", "least_connections"}, {"Short", "round_robin"},
  };

  @Mixin LocalOptions local;

  @Option(names = "--burst", defaultValue = "12", description = "Requests sent at once in part 2 (default: ${DEFAULT-VALUE}).")
  int burst;

  @Option(names = "--dashboard",
      description = "Open the admin endpoint and its dashboard, and stay up after the demo until Ctrl-C.")
  boolean dashboard;

  @Override
  public Integer call() {
    if (burst < 0) throw new IllegalArgumentException("--burst must be >= 0");
    Config config = local.configs().build();
    LbSettings settings = LbSettings.from(config);
    int workers = local.workers;
    Ports.Port adminPort = GatewayStarter.adminPort(settings);
    Ports ports = Ports.take(dashboard ? List.of(adminPort) : List.of());
    ActorSystem<BrokerGuardian.GetBroker> system =
        ActorSystem.create(BrokerGuardian.create(settings, workers), "pekko-lb", config);
    ActorRef<BrokerMessage> broker = BrokerGuardian.brokerOf(system);
    if (dashboard && !GatewayStarter.startAdmin(system, List.of(broker), settings, ports, adminPort)) return 2;
    Executor ec = system.executionContext();
    AtomicInteger failures = new AtomicInteger();
    Duration timeout = settings.askTimeout();

    System.out.printf("pekko-lb demo: a broker and %d workers in one JVM (Short = %s, Long = %s, time scale %s)%n%n",
        workers, human(settings.shortJob()), human(settings.longJob()), settings.timeScale());
    System.out.println("Part 1: the original session, one request at a time");

    CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
    for (String[] req : SESSION) {
      chain = chain.thenComposeAsync(v -> {
        System.out.printf("[Client] Sending AppID:%s:%s%n", req[0], req[1]);
        return LbClient.submit(broker, system.scheduler(), req[0], req[1], timeout)
            .thenAccept(reply -> print(reply, failures));
      }, ec);
    }

    long[] burstStart = new long[1];
    List<WorkerStats> before = new ArrayList<>();
    chain = chain
        .thenComposeAsync(v -> stats(system, broker, timeout), ec)
        .thenComposeAsync(stats -> {
          before.addAll(stats.workers());
          System.out.printf("%nPart 2: %d requests at once (Long and Short, half round_robin, half least_connections)%n", burst);
          burstStart[0] = System.nanoTime();
          List<CompletableFuture<Void>> all = new ArrayList<>();
          for (int i = 0; i < burst; i++) {
            String type = i % 2 == 0 ? "Long" : "Short";
            String approach = (i / 2) % 2 == 0 ? "round_robin" : "least_connections";
            all.add(LbClient.submit(broker, system.scheduler(), type, approach, timeout)
                .thenAccept(reply -> print(reply, failures)).toCompletableFuture());
          }
          return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
        }, ec)
        .thenComposeAsync(v -> {
          double seconds = (System.nanoTime() - burstStart[0]) / 1e9;
          double oneAtATime = (burst / 2) * (settings.longJob().toMillis() + settings.shortJob().toMillis()) / 1000.0
              + (burst % 2) * settings.longJob().toMillis() / 1000.0;
          System.out.printf("All %d answered in %.2f s (one at a time, as the original broker served them: %.0f s)%n",
              burst, seconds / settings.timeScale(), oneAtATime);
          return stats(system, broker, timeout);
        }, ec)
        .thenAcceptAsync(after -> printTable(before, after.workers()), ec);

    chain.whenCompleteAsync((v, error) -> {
      if (error != null) {
        System.out.println("demo failed: " + error);
        failures.incrementAndGet();
      }
      if (dashboard && error == null) System.out.println("\nThe demo is over; the dashboard stays up. Ctrl-C to stop.");
      else system.terminate();
    }, ec);
    int exit = BrokerGuardian.awaitExit(system);
    return failures.get() == 0 ? exit : 1;
  }

  private static CompletionStage<Stats> stats(ActorSystem<?> system, ActorRef<BrokerMessage> broker, Duration timeout) {
    return AskPattern.ask(broker, GetStats::new, timeout, system.scheduler());
  }

  private static void print(Reply reply, AtomicInteger failures) {
    if (reply instanceof Response r) {
      System.out.println("[Client] Received: " + r.text());
    } else {
      failures.incrementAndGet();
      System.out.println("[Client] Received: " + reply.text());
    }
  }

  private static void printTable(List<WorkerStats> before, List<WorkerStats> after) {
    System.out.printf("%nJobs per worker in part 2:%n  %-10s %5s %5s %5s%n", "worker", "Long", "Short", "total");
    for (WorkerStats w : after) {
      WorkerStats b = before.stream().filter(x -> x.name().equals(w.name())).findFirst()
          .orElse(new WorkerStats(w.name(), w.state(), 0, 0, 0, 0, w.slots()));
      long l = w.longJobs() - b.longJobs();
      long s = w.shortJobs() - b.shortJobs();
      System.out.printf("  %-10s %5d %5d %5d%n", w.name(), l, s, l + s);
    }
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
