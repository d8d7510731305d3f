package pekkolb.router;

/**
 * How one kind of request is balanced: by which policy, whether it is hedged, and whether it waits
 * in the balancer until a routee has a free slot (late binding, as in Join-Idle-Queue). A
 * {@link LoadBalancer} has one lane; a {@link BalancerCore} may have up to 16, one picked per request.
 *
 * @param name for logs and metrics
 * @param hedged whether a slow request gets a second copy ({@link Hedging})
 * @param waitsForFreeSlot whether a request waits until a routee has a free slot ({@link FreeSlotQueue})
 */
public record Lane(String name, Policy policy, boolean hedged, boolean waitsForFreeSlot) {

  /** @throws IllegalArgumentException without a name or a policy */
  public Lane {
    if (name == null || policy == null) throw new IllegalArgumentException("a lane needs a name and a policy");
  }

  /** A lane that only picks by {@code policy}. */
  public static Lane of(String name, Policy policy) {
    return new Lane(name, policy, false, false);
  }
}
