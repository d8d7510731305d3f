package pekkolb.router;

import java.util.Locale;

/** Whether a balancer may send a routee new requests. */
public enum RouteeState {
  /** Listed and reachable: takes new requests (once it is ready). */
  ROUTABLE,
  /** Listed but unreachable (a cluster member the failure detector suspects): no new requests, and its requests were taken back. */
  UNREACHABLE,
  /** Gone from the listing (draining or stopping): no new requests, but the replies it owes are awaited. */
  LEFT;

  /** Lower case, for tables and logs. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
