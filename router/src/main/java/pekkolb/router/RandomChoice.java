package pekkolb.router;

import java.util.List;
import java.util.random.RandomGenerator;

/** A routee uniformly at random. */
final class RandomChoice implements Policy.Picker {
  private final RandomGenerator random;

  RandomChoice(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    return random.nextInt(routees.size());
  }
}
