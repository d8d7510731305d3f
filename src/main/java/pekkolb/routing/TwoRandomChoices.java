package pekkolb.routing;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws two distinct workers at random and keeps the better one; subclasses say what "better"
 * means. Looking at two instead of all keeps selection cheap and spreads many brokers' choices.
 */
abstract class TwoRandomChoices implements RoutingStrategy {
  private final RandomGenerator random;

  TwoRandomChoices(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public final int select(List<? extends WorkerLoad> workers) {
    int n = workers.size();
    if (n == 1) return 0;
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) b++;
    return isBetter(workers.get(b), workers.get(a)) ? b : a;
  }

  /** True if {@code candidate} should be chosen over {@code other} (ties keep {@code other}). */
  abstract boolean isBetter(WorkerLoad candidate, WorkerLoad other);
}
