package pekkolb.routing;

import java.util.List;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Prequal's hot-cold lexicographic rule (Wydrowski et al., "Load is not what you should balance",
 * NSDI 2024). Each pick looks at a small pool of workers (all of them up to {@link #POOL}, else a
 * random sample of that many) with their requests in flight ({@link WorkerLoad#load()}: own jobs
 * plus other brokers' as last reported) and their recent latency (peak EWMA). A worker whose load
 * is above the pool's {@link #HOT_QUANTILE} quantile is hot; of the cold ones the lowest latency
 * wins (see {@link #latency}), and equal latencies go to the fewer in flight. Since the quantile is a pool member's own
 * load, at least one worker is always cold. Freshness of the reports is the broker's job: it probes
 * a worker whose last report is older than the worker's latency.
 */
public final class Prequal implements RoutingStrategy {
  /** The pool's size; Prequal's own default is 16 probes. */
  public static final int POOL = 16;
  /** Loads above this quantile of the pool are hot. */
  public static final double HOT_QUANTILE = 0.8;

  private final RandomGenerator random;
  private final LongSupplier clock;
  private int[] pool = new int[0];
  private int[] loads = new int[0];
  private long turn;

  public Prequal(RandomGenerator random, LongSupplier nanoClock) {
    this.random = random;
    this.clock = nanoClock;
  }

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    int n = workers.size();
    int k = fillPool(n);
    for (int j = 0; j < k; j++) loads[j] = workers.get(pool[j]).load();
    int hotAbove = quantile(loads, k);
    long now = clock.getAsLong();
    int start = (int) (turn++ % k); // equal candidates are taken in rotation
    int best = -1;
    double bestLatency = 0;
    int bestLoad = 0;
    for (int step = 0; step < k; step++) {
      int j = (start + step) % k;
      WorkerLoad w = workers.get(pool[j]);
      int load = w.load();
      if (load > hotAbove) continue;
      double latency = latency(w, now);
      if (best < 0 || latency < bestLatency || (latency == bestLatency && load < bestLoad)) {
        best = pool[j];
        bestLatency = latency;
        bestLoad = load;
      }
    }
    return best;
  }

  /**
   * The worker's recent latency. While it owes answers, no news is not good news: its last
   * estimate stands, undecayed, so a worker that turned slow is not taken for a fast one because
   * its answers stopped. An idle worker's estimate fades, so a worker once slow is tried again.
   */
  static double latency(WorkerLoad w, long now) {
    return w.inFlight() > 0 ? w.latency().lastEstimate() : w.latency().estimate(now);
  }

  /** Puts the pool's worker indexes in {@code pool[0..k)}: every worker, or a random sample of {@link #POOL}. */
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
    int[] sorted = java.util.Arrays.copyOf(values, k);
    java.util.Arrays.sort(sorted);
    int rank = (int) Math.ceil(HOT_QUANTILE * k) - 1;
    return sorted[Math.max(0, Math.min(k - 1, rank))];
  }
}
