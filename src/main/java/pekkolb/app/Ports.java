package pekkolb.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ports a command listens on, taken before it serves anything: a node that finds its admin port
 * taken only after it joined the cluster and answered requests has already misled its clients. Each
 * port is held by a plain socket until its real listener is about to bind it.
 */
final class Ports implements AutoCloseable {

  /** One listener of the node: what it is, where, and the flag that moves it. Port 0 (any free one, or off) is not checked. */
  record Port(String what, String host, int port, String flag) {
    String address() {
      return host + ":" + port;
    }
  }

  /** A port that cannot be listened on; its message is the one line the command prints. */
  static final class Unavailable extends RuntimeException {
    Unavailable(String message) {
      super(message);
    }
  }

  private final Map<Port, ServerSocket> held = new LinkedHashMap<>();

  private Ports() {}

  /** Takes every port, or none: throws {@link Unavailable} for the first that cannot be taken. */
  static Ports take(List<Port> ports) {
    Ports taken = new Ports();
    for (Port p : ports) {
      if (p.port() == 0) continue;
      ServerSocket s = null;
      try {
        s = new ServerSocket();
        s.setReuseAddress(true); // as the real listeners do
        s.bind(new InetSocketAddress(p.host(), p.port()));
        taken.held.put(p, s);
      } catch (IOException e) {
        closeQuietly(s);
        taken.close();
        throw new Unavailable(message(p, e));
      }
    }
    return taken;
  }

  /** The line a command prints when {@code p} cannot be listened on for {@code cause}. */
  static String message(Port p, Throwable cause) {
    if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
      return "port " + p.port() + " on " + p.host() + " is in use (" + p.what() + "); choose another with " + p.flag();
    }
    return "cannot listen on " + p.address() + " (" + p.what() + "): " + cause.getMessage() + "; change it with "
        + p.flag() + " or the address with --host";
  }

  /** Lets go of {@code p} for its real listener, which binds it next. */
  void release(Port p) {
    closeQuietly(held.remove(p));
  }

  @Override
  public void close() {
    for (Port p : new ArrayList<>(held.keySet())) release(p);
  }

  private static void closeQuietly(ServerSocket s) {
    if (s == null) return;
    try {
      s.close();
    } catch (IOException ignored) {
      // Closing a listening socket we own only fails if it is closed already.
    }
  }
}
