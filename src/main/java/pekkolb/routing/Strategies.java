package pekkolb.routing;

import java.util.EnumMap;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/** Makes the fresh set of strategies one broker owns, one per approach. */
public final class Strategies {
  private Strategies() {}

  /**
   * @param seed seeds the random choices, so a simulation can be replayed
   * @param nanoClock the clock peak_ewma reads (System::nanoTime outside tests)
   */
  public static EnumMap<Approach, RoutingStrategy> create(long seed, LongSupplier nanoClock) {
    SplittableRandom root = new SplittableRandom(seed);
    EnumMap<Approach, RoutingStrategy> all = new EnumMap<>(Approach.class);
    for (Approach a : Approach.values()) all.put(a, create(a, root.split(), nanoClock));
    return all;
  }

  public static RoutingStrategy create(Approach approach, SplittableRandom random, LongSupplier nanoClock) {
    switch (approach) {
      case ROUND_ROBIN:
        return new RoundRobin();
      case LEAST_CONNECTIONS:
        return new LeastConnections();
      case RANDOM:
        return new RandomChoice(random);
      case POWER_OF_TWO:
        return new PowerOfTwoChoices(random);
      case WEIGHTED_ROUND_ROBIN:
        return new WeightedRoundRobin();
      case PEAK_EWMA:
        return new PeakEwmaChoice(random, nanoClock);
      default:
        throw new IllegalArgumentException("no strategy for " + approach);
    }
  }
}
