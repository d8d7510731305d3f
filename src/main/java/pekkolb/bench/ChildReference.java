package pekkolb.bench;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Part 4's {@link ReferenceServer} in a JVM of its own, so that the process whose CPU and JIT time
 * are the gateway's figures runs the gateway alone: in one JVM the two servers shared one JIT, one
 * heap and one set of counters, and whatever the reference left to compile or collect counted as the
 * gateway's.
 */
final class ChildReference implements MeasuredServer {
  private final ChildJvm child;
  private final InetSocketAddress address;

  private ChildReference(ChildJvm child, InetSocketAddress address) {
    this.child = child;
    this.address = address;
  }

  /** Starts the reference's JVM, which completes once it listens; empty where no java launcher can be found. */
  static Optional<CompletableFuture<MeasuredServer>> start(long jobNanos, int backlog) {
    return ChildJvm.start(ReferenceServer.class, "256m", List.of(String.valueOf(jobNanos), String.valueOf(backlog)))
        .map(child -> child.read(1).<MeasuredServer>thenApply(port -> new ChildReference(child,
            new InetSocketAddress("127.0.0.1", Integer.parseInt(port.get(0).strip()))))
            .whenComplete((r, e) -> { if (e != null) child.close(); }));
  }

  @Override
  public InetSocketAddress address() {
    return address;
  }

  @Override
  public CompletableFuture<Void> settle() {
    return child.ask("settle", 1).thenApply(lines -> null);
  }

  @Override
  public CompletableFuture<ProcessTimes> times() {
    return child.ask("times", 1).thenApply(lines -> ProcessTimes.parse(lines.get(0)));
  }

  @Override
  public void close() {
    child.close();
  }
}
