package pekkolb.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one connection owes and when it last did something. Its requests count in the gateway's total
 * from the moment they are framed (not only once they reach the broker), so a drain waits for a
 * pipeline's queued requests too; and a connection waiting for an answer is never idle.
 */
final class ConnectionState {
  private final AtomicInteger gatewayTotal;
  private final AtomicInteger unanswered = new AtomicInteger();
  private volatile long lastActivityNanos = System.nanoTime();

  /** @param gatewayTotal requests framed and not yet answered, over all connections */
  ConnectionState(AtomicInteger gatewayTotal) {
    this.gatewayTotal = gatewayTotal;
  }

  /** Bytes arrived. */
  void received() {
    lastActivityNanos = System.nanoTime();
  }

  /** The framer completed these frames; the requests among them are now owed an answer. */
  void framed(List<RequestFramer.Frame> frames) {
    int requests = 0;
    for (RequestFramer.Frame f : frames) if (f instanceof RequestFramer.Request) requests++;
    unanswered.addAndGet(requests);
    gatewayTotal.addAndGet(requests);
  }

  /** One request's answer went out; returns the gateway's total left. */
  int answered() {
    lastActivityNanos = System.nanoTime();
    unanswered.decrementAndGet();
    return gatewayTotal.decrementAndGet();
  }

  /** The connection ended: what it still owed will never be sent; returns the gateway's total left. */
  int closed() {
    return gatewayTotal.addAndGet(-unanswered.getAndSet(0));
  }

  /** Idle: no answer owed, and nothing received or sent for {@code timeout}. */
  boolean idleFor(Duration timeout) {
    return unanswered.get() == 0 && System.nanoTime() - lastActivityNanos >= timeout.toNanos();
  }
}
