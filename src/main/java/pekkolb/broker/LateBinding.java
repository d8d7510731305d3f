package pekkolb.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import pekkolb.LbSettings;
import pekkolb.protocol.Approach;

/**
 * Late binding, the {@code queue} mode: the broker keeps such requests in its own queue and hands
 * one out only when a worker has a free slot, as workers pull in Join-Idle-Queue (Lu et al., 2011)
 * and Pekko's work-pulling pattern. A job never waits behind a long one in a worker's slots while a
 * slot elsewhere is free. With short-first (lb.broker.queue.short-first) the shortest expected job
 * goes first; a request passed over for lb.broker.queue.max-pass-over goes before any other, so
 * Long jobs are delayed, never starved.
 */
final class LateBinding {
  private static final Comparator<AcceptedRequest> ARRIVAL = Comparator.comparingLong(r -> r.jobId);
  private static final Comparator<AcceptedRequest> SHORTEST =
      Comparator.<AcceptedRequest>comparingLong(r -> r.expectedNanos).thenComparing(ARRIVAL);

  private final boolean shortFirst;
  private final long maxPassOverNanos;
  private final BooleanSupplier anyFreeSlot;
  // Job ids rise with arrival at this broker; both sets hold the same requests.
  private final TreeSet<AcceptedRequest> byArrival = new TreeSet<>(ARRIVAL);
  private final TreeSet<AcceptedRequest> byExpected = new TreeSet<>(SHORTEST);

  /** @param anyFreeSlot whether some worker would start a job at once */
  LateBinding(boolean shortFirst, long maxPassOverNanos, BooleanSupplier anyFreeSlot) {
    this.shortFirst = shortFirst;
    this.maxPassOverNanos = maxPassOverNanos;
    this.anyFreeSlot = anyFreeSlot;
  }

  /** @param open the workers with room in their window, as {@link Membership#open()} keeps them */
  LateBinding(LbSettings settings, Supplier<List<WorkerEntry>> open) {
    this(settings.queue().shortFirst(), settings.scaledNanos(settings.queue().maxPassOver()), () -> anyFreeSlot(open.get()));
  }

  /** Whether the request asked for this mode. */
  static boolean isFor(AcceptedRequest r) {
    return r.approach == Approach.QUEUE;
  }

  void add(AcceptedRequest r) {
    byArrival.add(r);
    byExpected.add(r);
  }

  int size() {
    return byArrival.size();
  }

  /** The request to hand out now, taken off the queue; null if none waits or no worker has a free slot. */
  AcceptedRequest next(long nowNanos) {
    if (byArrival.isEmpty() || !anyFreeSlot.getAsBoolean()) return null;
    AcceptedRequest oldest = byArrival.first();
    AcceptedRequest r = !shortFirst || nowNanos - oldest.submittedNanos >= maxPassOverNanos ? oldest : byExpected.first();
    remove(r);
    return r;
  }

  private static boolean anyFreeSlot(List<WorkerEntry> open) {
    for (WorkerEntry w : open) if (w.hasFreeSlot()) return true;
    return false;
  }

  /** Takes off and returns the requests submitted at or before {@code nanos}, oldest first: they waited too long. */
  List<AcceptedRequest> submittedBy(long nanos) {
    List<AcceptedRequest> expired = new ArrayList<>();
    while (!byArrival.isEmpty() && byArrival.first().submittedNanos <= nanos) {
      AcceptedRequest r = byArrival.first();
      remove(r);
      expired.add(r);
    }
    return expired;
  }

  /** Takes every request off the queue, oldest first. */
  List<AcceptedRequest> removeAll() {
    List<AcceptedRequest> all = new ArrayList<>(byArrival);
    byArrival.clear();
    byExpected.clear();
    return all;
  }

  private void remove(AcceptedRequest r) {
    byArrival.remove(r);
    byExpected.remove(r);
  }
}
