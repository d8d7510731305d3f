package pekkolb.broker;

import java.util.List;
import java.util.function.Supplier;

/**
 * The slots of the workers that may take a job now ({@link Membership#open()}), for the queue
 * mode's reservation ({@link LateBinding}): how many are free, and when a running job is expected
 * to free one, from the expected time of each job this broker has there.
 */
final class PoolSlots implements LateBinding.Slots {
  private final Supplier<List<WorkerEntry>> open;
  private final Iterable<AcceptedRequest> inFlight;

  /** @param inFlight a live view of the broker's jobs in flight */
  PoolSlots(Supplier<List<WorkerEntry>> open, Iterable<AcceptedRequest> inFlight) {
    this.open = open;
    this.inFlight = inFlight;
  }

  @Override
  public int free() {
    long free = 0;
    for (WorkerEntry w : open.get()) free += w.slots() == 0 ? Integer.MAX_VALUE : Math.max(0, w.slots() - w.load());
    return (int) Math.min(Integer.MAX_VALUE, free);
  }

  @Override
  public int total() {
    long total = 0;
    for (WorkerEntry w : open.get()) total += w.slots() == 0 ? Integer.MAX_VALUE : w.slots();
    return (int) Math.min(Integer.MAX_VALUE, total);
  }

  /** A scan of the jobs in flight: only called while the reservation holds a Long back. */
  @Override
  public long nanosToNextFree(long nowNanos) {
    long soonest = Long.MAX_VALUE;
    for (AcceptedRequest r : inFlight) {
      WorkerEntry w = r.worker;
      // A worker holding more than its slots fills a freed slot with its own next job.
      if (!w.listedOpen || w.slots() == 0 || w.load() > w.slots()) continue;
      long end = r.dispatchedNanos + (long) r.expectedNanosAt(w);
      soonest = Math.min(soonest, Math.max(0, end - nowNanos));
    }
    return soonest;
  }
}
