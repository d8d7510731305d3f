package pekkolb.routing;

import java.util.EnumMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import pekkolb.LbSettings;
import pekkolb.protocol.Approach;

/**
 * The fresh set of strategies one broker owns, one per approach, handed to the broker when it is
 * made (as Pekko hands a RoutingLogic to its router). Used only from that broker's actor.
 */
public final class Strategies {
  private final EnumMap<Approach, RoutingStrategy> byApproach = new EnumMap<>(Approach.class);
  private final RoutingStrategy[] byOrdinal; // get() runs per request: an array read, no key check

  /**
   * @param seed seeds the random choices, so a simulation can be replayed
   * @param nanoClock the clock peak_ewma reads (System::nanoTime outside tests)
   */
  public Strategies(long seed, LongSupplier nanoClock) {
    SplittableRandom root = new SplittableRandom(seed);
    for (Approach a : Approach.values()) byApproach.put(a, create(a, root.split(), nanoClock));
    byOrdinal = byApproach.values().toArray(RoutingStrategy[]::new); // in ordinal order, as EnumMap keeps them
  }

  /** Seeded by lb.routing.seed when it is set, else at random. */
  public static Strategies forSettings(LbSettings settings) {
    return new Strategies(settings.routingSeed().orElse(ThreadLocalRandom.current().nextLong()), System::nanoTime);
  }

  public RoutingStrategy get(Approach approach) {
    return byOrdinal[approach.ordinal()];
  }

  /** Tells every strategy that the routable workers changed; {@code workers} is in {@link WorkerOrder}. */
  public void workersChanged(List<? extends WorkerLoad> workers) {
    for (RoutingStrategy s : byApproach.values()) s.workersChanged(workers);
  }

  public static RoutingStrategy create(Approach approach, SplittableRandom random, LongSupplier nanoClock) {
    return switch (approach) {
      case ROUND_ROBIN -> new RoundRobin();
      case LEAST_CONNECTIONS -> new LeastConnections(random.nextInt(1 << 20));
      case RANDOM -> new RandomChoice(random);
      case POWER_OF_TWO -> new PowerOfTwoChoices(random);
      case WEIGHTED_ROUND_ROBIN -> new WeightedRoundRobin();
      case PEAK_EWMA -> new PeakEwmaChoice(random, nanoClock);
      // queue hands a job out only when a worker has a free slot (broker.LateBinding); this picks among those.
      case LEAST_WORK, QUEUE -> new LeastWork(nanoClock);
      case PREQUAL -> new Prequal(random, nanoClock);
      case HEDGED_LEAST_CONNECTIONS -> new LeastConnections(); // the broker sends the hedges
    };
  }
}
