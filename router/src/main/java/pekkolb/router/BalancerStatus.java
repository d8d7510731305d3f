package pekkolb.router;

import java.util.List;

/**
 * A balancer's view at one moment: its routees in {@link RouteeOrder}, and the requests it holds.
 * Ask for it with {@link LoadBalancer#getStatus}.
 */
public record BalancerStatus(List<RouteeStatus> routees, int inFlight, int waiting) {

  /**
   * One routee: whether it takes requests, whether it is ejected as an outlier now, this balancer's
   * requests in flight there, its load as this balancer knows it (other balancers' too, with reported
   * load), and the replies it gave.
   */
  public record RouteeStatus(String name, RouteeState state, boolean ejected, int inFlight, int load, long replied) {}

  /** Requests held, in flight and waiting. */
  public int held() {
    return inFlight + waiting;
  }
}
