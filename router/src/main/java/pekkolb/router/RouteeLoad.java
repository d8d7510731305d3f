package pekkolb.router;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * One routee as a {@link Policy} sees it: what its balancer counts and what the routee reported. The
 * balancer keeps these current; policies only read them.
 */
public interface RouteeLoad {
  /** The routee's actor. */
  ActorRef<?> ref();

  /** The routee's name: the last element of its actor path. */
  String name();

  /** Requests this balancer sent the routee whose replies have not come back yet. */
  int inFlight();

  /**
   * Requests at the routee from every balancer, as best this balancer knows: its own in flight plus
   * what other balancers have there by the routee's last report (fading as the report ages). Without
   * reports, {@link #inFlight()}.
   */
  int load();

  /** Recent latency (peak EWMA of dispatch-to-reply times), decayed to {@code nowNanos}; 0 before any reply. */
  double latencyNanos(long nowNanos);

  /** The latency as of the last reply, not decayed since: what stands while the routee owes replies. */
  double lastLatencyNanos();

  /** Requests the routee works on at once, by what it reported (0 = no limit, or not known). */
  int slots();

  /** Expected nanoseconds of work left in this balancer's requests there at {@code nowNanos} (0 without expected work). */
  double workLeftNanos(long nowNanos);

  /** What the routee last reported of its recent work ({@link BalancerCore#usage}); null if it never did. */
  default Usage usage() {
    return null;
  }

  /** When {@link #usage()} came, on the balancer's clock; 0 if it never did. */
  default long usageAtNanos() {
    return 0;
  }

  /** Whether a new request would start at once: no slot limit, or fewer requests there than slots. */
  default boolean hasFreeSlot() {
    return slots() == 0 || load() < slots();
  }
}
