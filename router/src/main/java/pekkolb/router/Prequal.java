package pekkolb.router;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Prequal's hot-cold lexicographic rule (Wydrowski et al., "Load is not what you should balance",
 * NSDI 2024). Each pick looks at a pool of routees (all of them up to {@link #POOL}, else a random
 * sample of that many) with their load and recent latency. A routee whose load is above the pool's
 * {@link #HOT_QUANTILE} quantile is hot; of the cold ones the lowest latency wins (see
 * {@link #latency}), equal latencies go to the lower load. The quantile is a pool member's own load,
 * so at least one routee is always cold. Fresh reports are the balancer's job: it probes a routee
 * whose last report is older than its latency.
 */
final class Prequal implements Policy.Picker {
  /** The pool's size; Prequal's own default is 16 probes. */
  static final int POOL = 16;
  /** Loads above this quantile of the pool are hot. */
  static final double HOT_QUANTILE = 0.8;

  private final RandomGenerator random;
  private int[] pool = new int[0];
  private int[] loads = new int[0];
  private long turn;

  Prequal(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    int k = fillPool(routees.size());
    for (int j = 0; j < k; j++) loads[j] = routees.get(pool[j]).load();
    int hotAbove = quantile(loads, k);
    int start = (int) (turn++ % k); // equal candidates are taken in rotation
    int best = -1;
    double bestLatency = 0;
    int bestLoad = 0;
    for (int step = 0; step < k; step++) {
      int j = (start + step) % k;
      RouteeLoad r = routees.get(pool[j]);
      int load = r.load();
      if (load > hotAbove) continue;
      double latency = latency(r, nowNanos);
      if (best < 0 || latency < bestLatency || (latency == bestLatency && load < bestLoad)) {
        best = pool[j];
        bestLatency = latency;
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * The routee's recent latency. While it owes replies, no news is not good news: its last estimate
   * stands, undecayed, so a routee that turned slow is not taken for a fast one because its replies
   * stopped. An idle routee's estimate fades, so one that was slow is tried again.
   */
  static double latency(RouteeLoad r, long nowNanos) {
    return r.inFlight() > 0 ? r.lastLatencyNanos() : r.latencyNanos(nowNanos);
  }

  /** Puts the pool's routee indexes in {@code pool[0..k)}: every routee, or a random sample of {@link #POOL}. */
  private int fillPool(int n) {
    if (pool.length < n) {
      pool = new int[n];
      loads = new int[n];
    }
    for (int i = 0; i < n; i++) pool[i] = i;
    if (n <= POOL) return n;
    for (int i = 0; i < POOL; i++) { // a partial Fisher-Yates shuffle: the first POOL are the sample
      int j = i + random.nextInt(n - i);
      int t = pool[i];
      pool[i] = pool[j];
      pool[j] = t;
    }
    return POOL;
  }

  /** The {@link #HOT_QUANTILE} quantile of {@code values[0..k)} (nearest rank); sorts a copy. */
  static int quantile(int[] values, int k) {
    int[] sorted = Arrays.copyOf(values, k);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(HOT_QUANTILE * k) - 1;
    return sorted[Math.max(0, Math.min(k - 1, rank))];
  }
}
