package pekkolb.routing;

import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Latency-aware balancing as in Finagle's peak EWMA: a worker's cost is its peak EWMA latency times
 * (jobs in flight + 1); draw two distinct workers at random and take the cheaper. A worker with jobs
 * in flight but no latency observed yet costs a large penalty, so a newcomer gets one job at a
 * time until it has answered.
 */
public final class PeakEwmaChoice extends TwoRandomChoices {
  private static final double PENALTY = (double) (Long.MAX_VALUE >> 16);

  private final LongSupplier clock;

  public PeakEwmaChoice(RandomGenerator random, LongSupplier nanoClock) {
    super(random);
    this.clock = nanoClock;
  }

  @Override
  boolean isBetter(WorkerLoad candidate, WorkerLoad other) {
    long now = clock.getAsLong();
    return cost(candidate, now) < cost(other, now);
  }

  static double cost(WorkerLoad w, long now) {
    double latency = w.latency().estimate(now);
    int pending = w.inFlight();
    if (latency == 0.0 && pending != 0) return PENALTY + pending;
    return latency * (pending + 1);
  }
}
