package pekkolb.router;

import java.util.List;

/**
 * The routee where a new request would start soonest, by the expected work of the requests it holds
 * (each one's expected work at the routee's speed, less what it has run). A routee with a free slot
 * starts it at once, so those come first (the least work left among them); when every slot is taken
 * the request waits about work left / slots. Ties go to the fewest in flight, then in rotation.
 */
final class LeastWork implements Policy.Picker {
  private long turn;

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    int n = routees.size();
    int start = (int) (turn++ % n);
    int best = start;
    for (int k = 1; k < n; k++) {
      int i = start + k;
      if (i >= n) i -= n;
      if (isBetter(routees.get(i), routees.get(best), nowNanos)) best = i;
    }
    return best;
  }

  /** How long a new request would wait at {@code r}, by expected work: 0 with a free slot. */
  static double expectedWaitNanos(RouteeLoad r, long nowNanos) {
    return r.hasFreeSlot() ? 0 : r.workLeftNanos(nowNanos) / r.slots();
  }

  private static boolean isBetter(RouteeLoad candidate, RouteeLoad best, long nowNanos) {
    boolean free = candidate.hasFreeSlot();
    if (free != best.hasFreeSlot()) return free; // even a full routee whose requests overran (no work left) waits
    double wait = expectedWaitNanos(candidate, nowNanos);
    double bestWait = expectedWaitNanos(best, nowNanos);
    if (wait != bestWait) return wait < bestWait;
    double work = candidate.workLeftNanos(nowNanos);
    double bestWork = best.workLeftNanos(nowNanos);
    if (work != bestWork) return work < bestWork;
    return candidate.load() < best.load();
  }
}
