package pekkolb.router;

/**
 * Told what a balancer does, for metrics and logs; every method is optional. Called on the
 * balancer's actor, once per request and step: keep it quick, do not block, do not throw.
 *
 * @param <M> the requests, as the balancer holds them
 */
public interface BalancerListener<M> {

  /** {@code request} went to {@code routee} (a first attempt, a retry or a hedge's copy). */
  default void dispatched(RouteeLoad routee, M request) {}

  /** {@code routee} replied to {@code request}, {@code latencyNanos} after the balancer took it on. */
  default void replied(RouteeLoad routee, M request, long latencyNanos) {}

  /**
   * {@code request} was taken back from {@code routee}, to go elsewhere or fail: {@code why} is
   * {@link Failure.Reason#ROUTEE_LOST}, {@link Failure.Reason#NO_REPLY} (past its deadline) or
   * {@link Failure.Reason#ROUTEE_FAILED}.
   */
  default void takenBack(RouteeLoad routee, M request, Failure.Reason why) {}

  /** {@code request} could not be served. */
  default void failed(M request, Failure failure) {}

  /** Something happened to {@code routee}; {@code detail} says more (why it was ejected), or is empty. */
  default void routeeChanged(RouteeLoad routee, RouteeEvent event, String detail) {}
}
