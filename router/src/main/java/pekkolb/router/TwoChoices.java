package pekkolb.router;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws two distinct routees at random and keeps the better one: looking at two instead of all keeps
 * a pick cheap and spreads many balancers' picks. What "better" means is handed in.
 */
final class TwoChoices implements Policy.Picker {
  /** Whether {@code candidate} beats {@code other} at {@code nowNanos} (a tie keeps {@code other}). */
  @FunctionalInterface
  interface Better {
    boolean test(RouteeLoad candidate, RouteeLoad other, long nowNanos);
  }

  /** Above any real cost: a routee that owes replies and never replied yet. */
  private static final double PENALTY = (double) (Long.MAX_VALUE >> 16);

  private final RandomGenerator random;
  private final Better better;

  TwoChoices(RandomGenerator random, Better better) {
    this.random = random;
    this.better = better;
  }

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    int n = routees.size();
    if (n == 1) return 0;
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) b++;
    return better.test(routees.get(b), routees.get(a), nowNanos) ? b : a;
  }

  static boolean lessLoaded(RouteeLoad candidate, RouteeLoad other, long nowNanos) {
    return candidate.load() < other.load();
  }

  static boolean cheaperByLatency(RouteeLoad candidate, RouteeLoad other, long nowNanos) {
    return latencyCost(candidate, nowNanos) < latencyCost(other, nowNanos);
  }

  /** Peak-EWMA latency x (in flight + 1). */
  static double latencyCost(RouteeLoad r, long nowNanos) {
    double latency = r.latencyNanos(nowNanos);
    int pending = r.inFlight();
    if (latency == 0.0 && pending != 0) return PENALTY + pending;
    return latency * (pending + 1);
  }
}
