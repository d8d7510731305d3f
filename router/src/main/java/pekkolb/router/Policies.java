package pekkolb.router;

import java.util.function.ToIntFunction;
import org.apache.pekko.actor.typed.ActorRef;

/** The policies a balancer can pick routees by. Each is plain Java; {@link Policy} says how to write another. */
public final class Policies {
  private Policies() {}

  /** The routees in turn: 1, 2, 3, 1, ... The rotation goes on across joins and leaves. */
  public static Policy roundRobin() {
    return random -> new RoundRobin();
  }

  /**
   * The routee with the fewest requests in flight ({@link RouteeLoad#load()}, so other balancers'
   * reported requests count too); ties are broken in rotation, starting at a random place so that
   * balancers started together do not pick in lockstep.
   */
  public static Policy leastConnections() {
    return random -> new LeastConnections(random.nextInt(1 << 20));
  }

  /** A routee uniformly at random. */
  public static Policy random() {
    return RandomChoice::new;
  }

  /**
   * Two distinct routees at random, the one with the lower load (Mitzenmacher's power of two
   * choices, as Finagle and Envoy): nearly as good as least connections, and several balancers with
   * stale counts do not herd onto one idle-looking routee.
   */
  public static Policy powerOfTwoChoices() {
    return random -> new TwoChoices(random, TwoChoices::lessLoaded);
  }

  /**
   * Two distinct routees at random, the cheaper by peak-EWMA latency x (in flight + 1), as Finagle
   * and Linkerd. A routee with requests in flight and no reply yet costs a large penalty, so a new
   * one gets a request at a time until it has replied.
   */
  public static Policy peakEwma() {
    return random -> new TwoChoices(random, TwoChoices::cheaperByLatency);
  }

  /**
   * The routee where a new request would start soonest by expected work: a free slot first (least
   * work left among those), else the least work left per slot. Needs each request's expected work
   * ({@code withExpectedWork} on the builder) and the routees' slots; ties go to the fewest in flight.
   */
  public static Policy leastWork() {
    return random -> new LeastWork();
  }

  /**
   * Prequal's hot-cold rule (Wydrowski et al., NSDI 2024): of the routees whose load is not above the
   * 0.8 quantile of a sample of up to 16, the one with the lowest recent latency.
   */
  public static Policy prequal() {
    return Prequal::new;
  }

  /**
   * Weighted round robin with each routee's weight from the {@link Usage} it reports, as gRPC's
   * {@code weighted_round_robin} (gRFC A58): {@code qps / (utilization + errors per second / qps)},
   * after a 10 s blackout (but for the routees of a cold start), dropped after 3 minutes without a
   * report; see {@link ReportedWeights}. A routee that does not report weighs the mean of those that do;
   * until two weights are in use, the routee with the fewest in flight is picked.
   */
  public static Policy weightedRoundRobin() {
    return weightedRoundRobin(ReportedWeights.defaults());
  }

  /** Weighted round robin with weights from reported usage, on these terms. */
  public static Policy weightedRoundRobin(ReportedWeights config) {
    java.util.Objects.requireNonNull(config, "config");
    return random -> new ReportedWeightRoundRobin(config);
  }

  /**
   * Smooth weighted round robin (NGINX's) over static weights: over a cycle each routee gets exactly
   * its weight's share, interleaved (weights 5, 1, 1 give a a b a c a a).
   *
   * @param weights each routee's weight (at least 1), asked when the routee joins
   */
  public static Policy weightedRoundRobin(ToIntFunction<ActorRef<?>> weights) {
    return random -> new WeightedRoundRobin(weights);
  }
}
