package pekkolb.simulation;

import java.util.SplittableRandom;
import pekkolb.protocol.AppType;

/**
 * The requests of one simulation, generated once from a seed and replayed identically against
 * every strategy. Open loop: the full list of arrival times, types and sizes. Closed loop: arrival
 * times depend on the answers, so each client gets its own seeded sequence of types and sizes.
 */
public sealed interface Workload {

  static Workload generate(Load load, JobMix mix, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    if (load instanceof Load.OpenLoop open) return Open.generate(open, mix, root);
    Load.ClosedLoop closed = (Load.ClosedLoop) load;
    return new Closed(closed.clients(), closed.duration().toNanos(), mix, root.nextLong());
  }

  long durationNanos();

  /** Open loop: request i arrives at {@code atNanos[i]} (unscaled, from the start of the run). */
  record Open(long durationNanos, long[] atNanos, AppType[] types, long[] sizeMillis) implements Workload {
    static Open generate(Load.OpenLoop load, JobMix mix, SplittableRandom root) {
      // Separate streams, so the arrival process and the job sizes do not shift each other.
      SplittableRandom times = root.split();
      SplittableRandom jobs = root.split();
      long duration = load.duration().toNanos();
      double gapNanos = 1e9 / load.ratePerSecond();
      int capacity = (int) Math.min(Integer.MAX_VALUE - 8, Math.ceil(duration / gapNanos * 1.2) + 16);
      long[] at = new long[capacity];
      int n = 0;
      double t = 0;
      while (true) {
        // Paced: computed from the index, so rounding cannot add an arrival at the very end.
        t = load.poisson() ? t + -Math.log(1 - times.nextDouble()) * gapNanos : n * 1e9 / load.ratePerSecond();
        if (t >= duration) break;
        if (n == at.length) at = java.util.Arrays.copyOf(at, (int) Math.min(Integer.MAX_VALUE - 8, at.length * 2L));
        at[n++] = (long) t;
      }
      at = java.util.Arrays.copyOf(at, n);
      AppType[] types = new AppType[n];
      long[] sizes = new long[n];
      for (int i = 0; i < n; i++) {
        JobMix.Draw d = mix.draw(jobs);
        types[i] = d.type();
        sizes[i] = d.sizeMillis();
      }
      return new Open(duration, at, types, sizes);
    }

    public int size() {
      return atNanos.length;
    }
  }

  /** Closed loop: {@code clients} clients for {@code durationNanos}; see {@link #jobsOf(int)}. */
  record Closed(int clients, long durationNanos, JobMix mix, long seed) implements Workload {
    /** Client i's requests, in order: the same sequence for every strategy. */
    public Jobs jobsOf(int client) {
      SplittableRandom r = new SplittableRandom(seed);
      for (int i = 0; i < client; i++) r.split();
      return new Jobs(mix, r.split());
    }
  }

  /** An endless, seeded sequence of requests for one closed-loop client. */
  record Jobs(JobMix mix, SplittableRandom random) {
    public JobMix.Draw next() {
      return mix.draw(random);
    }
  }
}
