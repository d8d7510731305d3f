package pekkolb.routing;

import java.util.List;
import java.util.function.LongSupplier;

/**
 * Picks the worker where a new job would start soonest, by the expected work of the jobs it holds
 * (their declared type or size, at the worker's speed, less what they have run): the client says
 * how big its job is, which no HTTP balancer knows. A worker with a free slot starts the job at
 * once, so it comes first (the one with the least work left among them); when every slot is taken,
 * the job waits about work left / slots. Ties fall to the fewest jobs, then in rotation.
 */
public final class LeastWork implements RoutingStrategy {
  private final LongSupplier clock;
  private long turn;

  /** @param nanoClock the clock the work left is read at (System::nanoTime outside tests) */
  public LeastWork(LongSupplier nanoClock) {
    this.clock = nanoClock;
  }

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    long now = clock.getAsLong();
    int n = workers.size();
    int start = (int) (turn++ % n);
    int best = start;
    for (int k = 1; k < n; k++) {
      int i = start + k;
      if (i >= n) i -= n;
      if (isBetter(workers.get(i), workers.get(best), now)) best = i;
    }
    return best;
  }

  /** How long a new job would wait at {@code w}, by expected work: 0 with a free slot. */
  static double expectedWaitNanos(WorkerLoad w, long now) {
    return w.hasFreeSlot() ? 0 : w.workLeftNanos(now) / w.slots();
  }

  private static boolean isBetter(WorkerLoad candidate, WorkerLoad best, long now) {
    boolean free = candidate.hasFreeSlot();
    if (free != best.hasFreeSlot()) return free; // even a full worker whose jobs overran (no work left) waits
    double wait = expectedWaitNanos(candidate, now);
    double bestWait = expectedWaitNanos(best, now);
    if (wait != bestWait) return wait < bestWait;
    double work = candidate.workLeftNanos(now);
    double bestWork = best.workLeftNanos(now);
    if (work != bestWork) return work < bestWork;
    return candidate.load() < best.load();
  }
}
