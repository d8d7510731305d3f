package pekkolb.router;

import java.time.Duration;

/**
 * The order in which requests of a lane that waits for a free slot ({@link Lane#waitsForFreeSlot})
 * are handed out. With {@code shortestFirst} the request with the least expected work goes first; one
 * passed over for {@code maxPassOver} goes before any other, so long requests are delayed, never
 * starved. With it, a long request (expected work above {@code shortUpTo}) also leaves
 * {@code reservedForShort} slots free, so a short one that comes finds one; unless a slot is expected
 * to free within {@code reservedUnlessFreeWithin}, or the long one has waited its own expected work.
 */
public record FreeSlotQueue(boolean shortestFirst, Duration maxPassOver, Duration shortUpTo, int reservedForShort,
    Duration reservedUnlessFreeWithin) {

  /** @throws IllegalArgumentException if {@code reservedForShort} is negative */
  public FreeSlotQueue {
    if (reservedForShort < 0) throw new IllegalArgumentException("reservedForShort must be >= 0, got " + reservedForShort);
  }

  /** Oldest first, nothing kept free. */
  public static FreeSlotQueue inArrivalOrder() {
    return new FreeSlotQueue(false, Duration.ZERO, Duration.ZERO, 0, Duration.ZERO);
  }
}
