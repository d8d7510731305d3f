package pekkolb.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * Late binding, the {@code queue} mode: the broker keeps such requests in its own queue and hands
 * one out only when a worker has a free slot, as workers pull in Join-Idle-Queue (Lu et al., 2011)
 * and Pekko's work-pulling pattern. A job never waits behind a long one in a worker's slots while a
 * slot elsewhere is free. With short-first (lb.broker.queue.short-first) the shortest expected job
 * goes first; a request passed over for lb.broker.queue.max-pass-over goes before any other, so
 * Long jobs are delayed, never starved. With short-first, a Long also leaves
 * lb.broker.queue.reserved-for-short slots free, so a Short that comes while Longs fill the workers
 * need not wait seconds for one of them; unless a slot is expected to free within
 * reserved-unless-free-within (the kept slot would idle while Longs wait), or the Long has waited
 * its own expected time (docs/simulator.md#the-slot-kept-for-shorts).
 */
final class LateBinding {
  /** The slots of the workers a job may go to now. */
  interface Slots {
    /** Slots free for a new job; {@link Integer#MAX_VALUE} if a worker has no slot limit. */
    int free();

    /** All their slots, free or not; {@link Integer#MAX_VALUE} if a worker has no slot limit. */
    int total();

    /** Expected nanoseconds until a running job there ends and frees its slot; {@link Long#MAX_VALUE} if none runs. */
    long nanosToNextFree(long nowNanos);
  }

  private static final Comparator<AcceptedRequest> ARRIVAL = Comparator.comparingLong(r -> r.jobId);
  private static final Comparator<AcceptedRequest> SHORTEST =
      Comparator.<AcceptedRequest>comparingLong(r -> r.expectedNanos).thenComparing(ARRIVAL);

  private final boolean shortFirst;
  private final long maxPassOverNanos;
  private final int reservedForShort;
  private final long freeWithinNanos;
  private final Slots slots;
  // Job ids rise with arrival at this broker; both sets hold the same requests.
  private final TreeSet<AcceptedRequest> byArrival = new TreeSet<>(ARRIVAL);
  private final TreeSet<AcceptedRequest> byExpected = new TreeSet<>(SHORTEST);
  // Taken back from a worker (lost, or failed it): first in line for the next free slot, before any order.
  private final ArrayDeque<AcceptedRequest> again = new ArrayDeque<>();

  /** @param reservedForShort slots a Long leaves free (with short-first), unless one frees within {@code freeWithinNanos} */
  LateBinding(boolean shortFirst, long maxPassOverNanos, int reservedForShort, long freeWithinNanos, Slots slots) {
    this.shortFirst = shortFirst;
    this.maxPassOverNanos = maxPassOverNanos;
    this.reservedForShort = shortFirst ? reservedForShort : 0;
    this.freeWithinNanos = freeWithinNanos;
    this.slots = slots;
  }

  LateBinding(LbSettings settings, Slots slots) {
    this(settings.queue().shortFirst(), settings.scaledNanos(settings.queue().maxPassOver()),
        settings.queue().reservedForShort(), settings.scaledNanos(settings.queue().reservedUnlessFreeWithin()), slots);
  }

  /** Whether the request asked for this mode. */
  static boolean isFor(AcceptedRequest r) {
    return isFor(r.approach);
  }

  static boolean isFor(Approach approach) {
    return approach == Approach.QUEUE;
  }

  void add(AcceptedRequest r) {
    byArrival.add(r);
    byExpected.add(r);
  }

  /** A request taken back from its worker: it goes to the next free slot, before every other. */
  void addFirst(AcceptedRequest r) {
    again.addFirst(r);
  }

  int size() {
    return byArrival.size() + again.size();
  }

  /**
   * The request to hand out now, taken off the queue; null if none waits, no worker has a free slot,
   * or the next in line is a Long that would take a slot kept for Shorts.
   */
  AcceptedRequest next(long nowNanos) {
    if (byArrival.isEmpty() && again.isEmpty()) return null;
    int free = slots.free();
    if (free == 0) return null;
    if (!again.isEmpty()) return again.poll();
    AcceptedRequest oldest = byArrival.first();
    if (!shortFirst || nowNanos - oldest.submittedNanos >= maxPassOverNanos) return take(oldest);
    AcceptedRequest r = byExpected.first();
    // A Long that waited its own expected time goes: the reservation at most doubles its time.
    boolean keepsSlot = r.appType == AppType.LONG && free <= reservedForShort && slots.total() > reservedForShort
        && nowNanos - r.submittedNanos < r.expectedNanos && slots.nanosToNextFree(nowNanos) > freeWithinNanos;
    return keepsSlot ? null : take(r);
  }

  private AcceptedRequest take(AcceptedRequest r) {
    remove(r);
    return r;
  }

  /** Takes off and returns the requests submitted at or before {@code nanos}, oldest first: they waited too long. */
  List<AcceptedRequest> submittedBy(long nanos) {
    List<AcceptedRequest> expired = new ArrayList<>();
    again.removeIf(r -> r.submittedNanos <= nanos && expired.add(r));
    while (!byArrival.isEmpty() && byArrival.first().submittedNanos <= nanos) {
      AcceptedRequest r = byArrival.first();
      remove(r);
      expired.add(r);
    }
    return expired;
  }

  /** Takes every request off the queue, oldest first. */
  List<AcceptedRequest> removeAll() {
    List<AcceptedRequest> all = new ArrayList<>(again);
    all.addAll(byArrival);
    again.clear();
    byArrival.clear();
    byExpected.clear();
    return all;
  }

  private void remove(AcceptedRequest r) {
    byArrival.remove(r);
    byExpected.remove(r);
  }
}
