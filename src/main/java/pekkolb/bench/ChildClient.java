package pekkolb.bench;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Part 4's {@link BurstClient} in a JVM of its own, so that its sockets and the server's do not share
 * one process's file-descriptor limit: 10,000 connections need 10,000 on each side, and with both in
 * one JVM at a limit of 20,000 some runs lost connections to "Too many open files". One child
 * runs every burst of the part, warm-ups included, so its code is as warm as the server's.
 * Where no java launcher can be found, the bursts run in this JVM as before.
 */
final class ChildClient implements AutoCloseable {
  private final ChildJvm child; // null: in this JVM

  private ChildClient(ChildJvm child) {
    this.child = child;
  }

  /** Starts the client JVM (the same java and class path as this one). */
  static ChildClient start() {
    return new ChildClient(ChildJvm.start(BurstClient.class, "256m", List.of()).orElse(null));
  }

  /** One burst of {@code connections} at {@code server}; completes when the client has its result. */
  CompletableFuture<BurstClient.Result> burst(InetSocketAddress server, String request, int connections, Duration timeout) {
    if (child == null) return BurstClient.run(server, request, connections, timeout);
    String command = server.getHostString() + " " + server.getPort() + " " + request + " " + connections + " " + timeout.toMillis();
    return child.ask(command, 2).thenApply(lines -> BurstClient.parse(lines.get(0) + "\n" + lines.get(1) + "\n"));
  }

  /** Ends the client JVM. */
  @Override
  public void close() {
    if (child != null) child.close();
  }
}
