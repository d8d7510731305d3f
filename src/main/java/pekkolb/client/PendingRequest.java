package pekkolb.client;

import java.util.ArrayList;
import java.util.List;

/**
 * One request a {@link PoolState} owes its caller an answer: what the caller sent, and its sends so
 * far (one wire id each). Each send has its own deadline; waiting in the queue has none while a
 * broker is there to drain it (back-pressure, not a timeout).
 */
final class PendingRequest<T> {
  final T payload;
  final long startNanos;
  /** The send that counts now; an earlier one's hand-back is stale. */
  long currentWire = -1;
  final List<Long> wires = new ArrayList<>(2);
  boolean queued;
  boolean done;
  /** It timed out waiting in the queue for room (lb.client.queue-timeout), not at a broker. */
  boolean expiredInQueue;
  /** Why a broker last handed it back, for the timeout message. */
  String lastHandBack;

  PendingRequest(T payload, long startNanos) {
    this.payload = payload;
    this.startNanos = startNanos;
  }
}
