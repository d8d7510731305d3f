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
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.client.LbClient;

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

  @Option(names = "--workers", defaultValue = "3", description = "Workers in the pool (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--burst", defaultValue = "12", description = "Requests sent at once in part 2 (default: ${DEFAULT-VALUE}).")
  int burst;

  @Option(names = "--time-scale", description = "Multiply job durations, e.g. 0.1 (default: lb.time-scale).")
  Double timeScale;

  @Override
  public Integer call() {
    if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1");
    if (burst < 0) throw new IllegalArgumentException("--burst must be >= 0");
    Config config = new Configs().set("lb.time-scale", timeScale).build();
    LbSettings settings = LbSettings.from(config);
    ActorSystem<Broker.Command> system = ActorSystem.create(LocalPool.create(settings, workers), "pekko-lb", config);
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
        return LbClient.submit(system, system.scheduler(), req[0], req[1], timeout)
            .thenAccept(reply -> print(reply, failures));
      }, ec);
    }

    long[] burstStart = new long[1];
    List<Broker.WorkerStats> before = new ArrayList<>();
    chain = chain
        .thenComposeAsync(v -> stats(system, timeout), ec)
        .thenComposeAsync(stats -> {
          before.addAll(stats.workers());
          System.out.printf("%nPart 2: %d requests at once (Long and Short, half round_robin, half least_connections)%n", burst);
          burstStart[0] = System.nanoTime();
          List<CompletableFuture<Void>> all = new ArrayList<>();
          for (int i = 0; i < burst; i++) {
            String type = i % 2 == 0 ? "Long" : "Short";
            String approach = (i / 2) % 2 == 0 ? "round_robin" : "least_connections";
            all.add(LbClient.submit(system, system.scheduler(), type, approach, timeout)
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
          return stats(system, timeout);
        }, ec)
        .thenAcceptAsync(after -> printTable(before, after.workers()), ec);

    chain.whenCompleteAsync((v, error) -> {
      if (error != null) {
        System.out.println("demo failed: " + error);
        failures.incrementAndGet();
      }
      system.terminate();
    }, ec);
    system.getWhenTerminated().toCompletableFuture().join();
    return failures.get() == 0 ? 0 : 1;
  }

  private static CompletionStage<Broker.Stats> stats(ActorSystem<Broker.Command> system, Duration timeout) {
    return AskPattern.ask(system, Broker.GetStats::new, timeout, system.scheduler());
  }

  private static void print(Broker.Reply reply, AtomicInteger failures) {
    if (reply instanceof Broker.Response r) {
      System.out.println("[Client] Received: " + r.text());
    } else {
      failures.incrementAndGet();
      System.out.println("[Client] Received: " + reply.text());
    }
  }

  private static void printTable(List<Broker.WorkerStats> before, List<Broker.WorkerStats> after) {
    System.out.printf("%nJobs per worker in part 2:%n  %-10s %5s %5s %5s%n", "worker", "Long", "Short", "total");
    for (Broker.WorkerStats w : after) {
      Broker.WorkerStats b = before.stream().filter(x -> x.name().equals(w.name())).findFirst()
          .orElse(new Broker.WorkerStats(w.name(), "", 0, 0, 0, 0));
      long l = w.longJobs() - b.longJobs();
      long s = w.shortJobs() - b.shortJobs();
      System.out.printf("  %-10s %5d %5d %5d%n", w.name(), l, s, l + s);
    }
  }

  private static String human(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
