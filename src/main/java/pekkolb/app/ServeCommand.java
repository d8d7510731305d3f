package pekkolb.app;

import com.typesafe.config.Config;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.admin.AdminServer;
import pekkolb.broker.Broker;
import pekkolb.gateway.Gateway;

/** One JVM: a broker, a local pool of workers and the text gateway on port 8000. Ctrl-C stops it cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the original text protocol on a TCP port, with a broker and a local worker pool.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--host", description = "Address to bind (default: lb.gateway.host = 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "TCP port (default: lb.gateway.port = 8000; 0 picks a free one).")
  Integer port;

  @Option(names = "--workers", defaultValue = "3", description = "Workers in the pool (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--time-scale", description = "Multiply job durations, e.g. 0.1 (default: lb.time-scale).")
  Double timeScale;

  @Option(names = "--admin-port", description = "Port of the admin endpoint and dashboard (default: lb.admin.port = 8558; 0 = off).")
  Integer adminPort;

  @Option(names = "--worker-speed", paramLabel = "NAME=SPEED",
      description = "Speed of one worker, e.g. Worker-1=0.25 for four times slower (default: lb.worker.speed).")
  Map<String, Double> workerSpeeds = Map.of();

  @Override
  public Integer call() {
    if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1");
    Config config = new Configs()
        .set("lb.gateway.host", host)
        .set("lb.gateway.port", port)
        .set("lb.time-scale", timeScale)
        .set("lb.admin.port", adminPort)
        .setAll("lb.worker.speeds", workerSpeeds)
        .build();
    LbSettings settings = LbSettings.from(config);
    ActorSystem<Broker.Command> system = ActorSystem.create(LocalPool.create(settings, workers), "pekko-lb", config);
    Gateway gateway;
    try {
      gateway = Gateway.bind(system, system, settings).toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.printf("cannot listen on %s:%d: %s%n", settings.gateway().host(), settings.gateway().port(),
          e.getCause() == null ? e : e.getCause().getMessage());
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      return 1;
    }
    if (!ServeCommand.startAdmin(system, system, settings)) return 1;
    addShutdownTasks(system, gateway);
    System.out.printf("pekko-lb serving on %s:%d with %d workers; try: exec 3<>/dev/tcp/%s/%d; printf 'AppID:Short' >&3; cat <&3%n"
        + "Ctrl-C to stop.%n", gateway.address().getHostString(), gateway.address().getPort(), workers,
        gateway.address().getHostString(), gateway.address().getPort());
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  /**
   * Opens the admin endpoint (unless lb.admin.port is 0) and prints the dashboard's address; when it
   * cannot, says why, stops the system and returns false.
   */
  static boolean startAdmin(ActorSystem<?> system, ActorRef<Broker.Command> broker, LbSettings settings) {
    try {
      AdminServer.start(system, broker, settings)
          .ifPresent(a -> System.out.println("dashboard: " + a.url() + " (and /metrics, /status, /ready, /alive)"));
      return true;
    } catch (RuntimeException e) {
      System.err.printf("cannot open the admin endpoint on %s:%d: %s%n", settings.admin().host(), settings.admin().port(),
          BrokerCommand.rootMessage(e));
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      return false;
    }
  }

  /** Ctrl-C (or SIGTERM): stop accepting first, then let the requests already taken be answered. */
  static void addShutdownTasks(ActorSystem<?> system, Gateway gateway) {
    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "gateway-unbind", () -> {
      System.out.println("shutting down: gateway unbound, finishing requests in flight");
      return gateway.unbind();
    });
    cs.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "gateway-drain",
        () -> gateway.drained().thenApply(d -> Done.getInstance()));
  }
}
