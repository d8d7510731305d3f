package pekkolb.client;

import java.util.ArrayList;
import java.util.List;

/**
 * One request a {@link PoolState} owes its caller an answer: what the caller sent, and its sends so
 * far (one wire id each). It keeps its first deadline across re-submissions.
 */
final class PendingRequest<T> {
  final T payload;
  final long startNanos;
  final long deadlineNanos;
  /** The send that counts now; an earlier one's hand-back is stale. */
  long currentWire = -1;
  final List<Long> wires = new ArrayList<>(2);
  boolean queued;
  boolean done;
  /** Why a broker last handed it back, for the timeout message. */
  String lastHandBack;

  PendingRequest(T payload, long startNanos, long deadlineNanos) {
    this.payload = payload;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
  }
}
