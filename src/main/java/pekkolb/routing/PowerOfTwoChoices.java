package pekkolb.routing;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * "Power of two choices": draw two distinct workers at random and take the one with fewer jobs in
 * flight, as Finagle's and Envoy's least-request balancers do. Nearly as good as least connections,
 * without a full scan and without every broker herding onto the same idle worker.
 */
public final class PowerOfTwoChoices implements RoutingStrategy {
  private final RandomGenerator random;

  public PowerOfTwoChoices(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    int n = workers.size();
    if (n == 1) return 0;
    int a = random.nextInt(n);
    int b = random.nextInt(n - 1);
    if (b >= a) b++;
    return workers.get(b).inFlight() < workers.get(a).inFlight() ? b : a;
  }
}
