package pekkolb.router;

import java.util.Locale;

/** What happened to a routee, as a balancer tells its {@link BalancerListener}. */
public enum RouteeEvent {
  /** Found in the listing (or spawned, in a pool). */
  JOINED,
  /** Said what it is ({@link BalancerCore#capacity}) and takes requests from now on. */
  READY,
  /** Listed but unreachable: its requests are taken back. */
  UNREACHABLE,
  /** Reachable and routable again. */
  REACHABLE,
  /** Left the listing: it gets no new requests; the replies it owes are awaited. */
  LEFT,
  /** Stopped (its actor terminated): its requests are taken back. */
  STOPPED,
  /** Taken out of rotation for a while as an outlier ({@link OutlierEjection}). */
  EJECTED;

  /** Lower case, for logs and metrics. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
