package pekkolb.router;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A routee's word to the balancers over it: it holds {@code load} requests now, from all of them. A
 * balancer built {@code withReportedLoad()} takes these (send them to the balancer itself; a
 * {@link LoadReporter} does it for a routee), and counts the other balancers' share of that load, so
 * several balancers over the same routees see each other's requests. Crosses JVMs with the library's
 * own serializer.
 */
public record LoadReport(ActorRef<?> routee, int load) {
  /** @throws IllegalArgumentException without a routee, or with a negative load */
  public LoadReport {
    if (routee == null) throw new IllegalArgumentException("a load report names its routee");
    if (load < 0) throw new IllegalArgumentException("load must be >= 0, got " + load);
  }
}
