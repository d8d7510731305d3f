package pekkolb.routing;

import java.util.List;
import java.util.random.RandomGenerator;

/** Picks a worker uniformly at random. */
public final class RandomChoice implements RoutingStrategy {
  private final RandomGenerator random;

  public RandomChoice(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    return random.nextInt(workers.size());
  }
}
