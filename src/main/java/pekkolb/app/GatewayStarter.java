package pekkolb.app;

import java.util.List;
import java.util.concurrent.CompletionException;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import pekkolb.LbSettings;
import pekkolb.admin.AdminServer;
import pekkolb.gateway.Gateway;
import pekkolb.protocol.BrokerMessage;

/** Opens the text gateway and the admin endpoint in front of a broker, for serve and the broker node alike. */
final class GatewayStarter {
  private GatewayStarter() {}

  /** The bound gateway, or null after one line on stderr and the system stopped (the port is taken...). */
  static Gateway open(ActorSystem<?> system, ActorRef<BrokerMessage> broker, LbSettings settings) {
    Gateway gateway;
    try {
      gateway = Gateway.bind(system, broker, settings).toCompletableFuture().join();
    } catch (CompletionException e) {
      System.err.printf("cannot listen on %s:%d: %s%n", settings.gateway().host(), settings.gateway().port(), rootMessage(e));
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      return null;
    }
    addShutdownTasks(system, gateway);
    return gateway;
  }

  /**
   * Opens the admin endpoint (unless lb.admin.port is 0) and prints the dashboard's address; when it
   * cannot, says why, stops the system and returns false.
   */
  static boolean startAdmin(ActorSystem<?> system, List<ActorRef<BrokerMessage>> brokers, LbSettings settings) {
    try {
      AdminServer.start(system, brokers, settings)
          .ifPresent(a -> System.out.println("dashboard: " + a.url() + " (and /metrics, /status, /ready, /alive)"));
      return true;
    } catch (RuntimeException e) {
      System.err.printf("cannot open the admin endpoint on %s:%d: %s%n", settings.admin().host(), settings.admin().port(),
          rootMessage(e));
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().join();
      return false;
    }
  }

  /** Ctrl-C (or SIGTERM): stop accepting first, then let the requests already taken be answered. */
  private static void addShutdownTasks(ActorSystem<?> system, Gateway gateway) {
    CoordinatedShutdown cs = CoordinatedShutdown.get(system);
    cs.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "gateway-unbind", () -> {
      System.out.println("shutting down: gateway unbound, finishing requests in flight");
      return gateway.unbind();
    });
    cs.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "gateway-drain",
        () -> gateway.drained().thenApply(d -> Done.getInstance()));
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
