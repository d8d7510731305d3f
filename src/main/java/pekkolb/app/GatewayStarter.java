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

  /** The gateway's port, for the port check; {@code flag} moves it. */
  static Ports.Port gatewayPort(LbSettings settings, String flag) {
    return new Ports.Port("the text gateway", settings.gateway().host(), settings.gateway().port(), flag);
  }

  /** The admin endpoint's port, for the port check (0: off, not checked). */
  static Ports.Port adminPort(LbSettings settings) {
    return new Ports.Port("the admin endpoint", settings.admin().host(), settings.admin().port(), "--admin-port (0 = off)");
  }

  /**
   * Releases {@code port} from the port check and binds the gateway there; null after one line on
   * stderr and the system stopped when it cannot (another process took the port meanwhile...).
   */
  static Gateway open(ActorSystem<?> system, ActorRef<BrokerMessage> broker, LbSettings settings, Ports ports,
      Ports.Port port) {
    Gateway gateway;
    try {
      ports.release(port);
      gateway = Gateway.bind(system, broker, settings).toCompletableFuture().join();
    } catch (CompletionException e) {
      giveUp(system, ports, port, e);
      return null;
    }
    addShutdownTasks(system, gateway);
    return gateway;
  }

  /**
   * Releases {@code port} from the port check and opens the admin endpoint there (unless lb.admin.port
   * is 0), and prints the dashboard's address; when it cannot, says why, stops the system and returns false.
   */
  static boolean startAdmin(ActorSystem<?> system, List<ActorRef<BrokerMessage>> brokers, LbSettings settings, Ports ports,
      Ports.Port port) {
    try {
      ports.release(port);
      AdminServer.start(system, brokers, settings)
          .ifPresent(a -> System.out.println("dashboard: " + a.url() + " (and /metrics, /status, /ready, /alive)"));
      return true;
    } catch (RuntimeException e) {
      giveUp(system, ports, port, e);
      return false;
    }
  }

  /** A listener could not open on {@code port}: one line that names it and its flag, and the node stops. */
  private static void giveUp(ActorSystem<?> system, Ports ports, Ports.Port port, Throwable e) {
    ports.close();
    System.err.println("error: " + Ports.message(port, rootCause(e)));
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().join();
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
    Throwable t = rootCause(e);
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t;
  }
}
