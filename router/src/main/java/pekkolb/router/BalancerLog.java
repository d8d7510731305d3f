package pekkolb.router;

import org.slf4j.Logger;

/** The balancer's own log, then the user's listener; the core holds requests as {@link Pending}. */
final class BalancerLog<M> implements BalancerListener<Pending<M>> {
  private final BalancerListener<? super M> user;
  private final Logger log;

  BalancerLog(BalancerListener<? super M> user, Logger log) {
    this.user = user;
    this.log = log;
  }

  @Override
  public void dispatched(RouteeLoad routee, Pending<M> request) {
    user.dispatched(routee, request.message);
  }

  @Override
  public void replied(RouteeLoad routee, Pending<M> request, long latencyNanos) {
    user.replied(routee, request.message, latencyNanos);
  }

  @Override
  public void takenBack(RouteeLoad routee, Pending<M> request, Failure.Reason why) {
    log.debug("request taken back from {}: {}", routee.name(), why);
    user.takenBack(routee, request.message, why);
  }

  @Override
  public void failed(Pending<M> request, Failure failure) {
    user.failed(request.message, failure);
  }

  @Override
  public void routeeChanged(RouteeLoad routee, RouteeEvent event, String detail) {
    switch (event) {
      case UNREACHABLE, STOPPED, EJECTED -> log.warn("routee {} {}{}", routee.name(), event.label(), detail.isEmpty() ? "" : " " + detail);
      default -> log.debug("routee {} {}", routee.name(), event.label());
    }
    user.routeeChanged(routee, event, detail);
  }
}
