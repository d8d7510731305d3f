package pekkolb.router;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongConsumer;

/**
 * Requests of lanes that wait for a free slot (late binding, as workers pull in Join-Idle-Queue and
 * Pekko's work-pulling pattern): one is handed out only when a routee that may take it has a free
 * slot, so a request never waits behind a long one in a routee's slots while a slot elsewhere is
 * free. The order is {@link FreeSlotQueue}'s. Ids are kept; their numbers are read off the table.
 */
final class FreeSlotWaiting {
  private final RequestTable<?> table;
  private final Routees routees;
  private final boolean shortestFirst;
  private final long maxPassOverNanos;
  private final long shortUpToNanos;
  private final int reservedForShort;
  private final long freeWithinNanos;
  private final TreeSet<Long> byArrival;
  private final TreeSet<Long> byExpected;
  // Taken back from a routee (lost, or failed it): first in line for the next free slot.
  private final ArrayDeque<Long> again = new ArrayDeque<>();

  FreeSlotWaiting(RequestTable<?> table, Routees routees, FreeSlotQueue order) {
    this.table = table;
    this.routees = routees;
    this.shortestFirst = order.shortestFirst();
    this.maxPassOverNanos = order.maxPassOver().toNanos();
    this.shortUpToNanos = order.shortUpTo().toNanos();
    this.reservedForShort = shortestFirst ? order.reservedForShort() : 0;
    this.freeWithinNanos = order.reservedUnlessFreeWithin().toNanos();
    Comparator<Long> arrival = Comparator.comparingLong(id -> table.sequence(table.slotOf(id)));
    this.byArrival = new TreeSet<>(arrival);
    this.byExpected = new TreeSet<>(Comparator.<Long>comparingLong(id -> table.expectedNanos(table.slotOf(id))).thenComparing(arrival));
  }

  void add(long id) {
    byArrival.add(id);
    byExpected.add(id);
  }

  /** A request taken back from its routee: it goes to the next free slot, before every other. */
  void addFirst(long id) {
    again.addFirst(id);
  }

  /** Takes {@code id} out of the queue (it leaves while it waits). */
  void remove(long id) {
    if (!again.remove(id)) take(id);
  }

  int size() {
    return byArrival.size() + again.size();
  }

  /**
   * The request to hand out now, taken off the queue; 0 if none waits, no routee in {@code open} has a
   * free slot, or the next in line is a long one that would take a slot kept for short ones.
   */
  long next(List<Routee> open, long nowNanos) {
    if (byArrival.isEmpty() && again.isEmpty()) return 0;
    int free = freeSlots(open);
    if (free == 0) return 0;
    if (!again.isEmpty()) return again.poll();
    long oldest = byArrival.first();
    if (!shortestFirst || nowNanos - submitted(oldest) >= maxPassOverNanos) return take(oldest);
    long id = byExpected.first();
    int slot = table.slotOf(id);
    long expected = table.expectedNanos(slot);
    // A long request that waited its own expected work goes: the reservation at most doubles its time.
    boolean keepsSlot = expected > shortUpToNanos && free <= reservedForShort && totalSlots(open) > reservedForShort
        && nowNanos - table.submittedNanos(slot) < expected && nanosToNextFree(nowNanos) > freeWithinNanos;
    return keepsSlot ? 0 : take(id);
  }

  private long take(long id) {
    byArrival.remove(id);
    byExpected.remove(id);
    return id;
  }

  private long submitted(long id) {
    return table.submittedNanos(table.slotOf(id));
  }

  /** Takes off the requests submitted at or before {@code nanos}, oldest first: they waited too long. */
  void submittedBy(long nanos, LongConsumer expired) {
    again.removeIf(id -> {
      if (submitted(id) > nanos) return false;
      expired.accept(id);
      return true;
    });
    while (!byArrival.isEmpty() && submitted(byArrival.first()) <= nanos) expired.accept(take(byArrival.first()));
  }

  /** Takes every request off, oldest first. */
  void removeAll(LongConsumer each) {
    again.forEach(each::accept);
    byArrival.forEach(each::accept);
    again.clear();
    byArrival.clear();
    byExpected.clear();
  }

  private static int freeSlots(List<Routee> open) {
    long free = 0;
    for (Routee r : open) free += r.slots() == 0 ? Integer.MAX_VALUE : Math.max(0, r.slots() - r.load());
    return (int) Math.min(Integer.MAX_VALUE, free);
  }

  private static int totalSlots(List<Routee> open) {
    long total = 0;
    for (Routee r : open) total += r.slots() == 0 ? Integer.MAX_VALUE : r.slots();
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /** Expected nanoseconds until a running request on an open routee ends; a scan, only while a long one is held back. */
  private long nanosToNextFree(long nowNanos) {
    long soonest = Long.MAX_VALUE;
    for (int slot = 0; slot < table.slots(); slot++) {
      if (!table.busy(slot) || table.routee(slot) == 0) continue;
      Routee r = routees.byNumber(table.routee(slot));
      // A routee holding more than its slots fills a freed slot with its own next request.
      if (!r.listedOpen || r.slots() == 0 || r.load() > r.slots()) continue;
      long end = table.dispatchedNanos(slot) + (long) (table.expectedNanos(slot) / r.speed());
      soonest = Math.min(soonest, Math.max(0, end - nowNanos));
    }
    return soonest;
  }
}
