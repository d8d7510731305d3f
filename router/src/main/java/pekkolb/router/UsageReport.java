package pekkolb.router;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A routee's word to the balancers over it of its recent work ({@link Usage}), as ORCA's
 * out-of-band reports do for gRPC: {@link Policies#weightedRoundRobin()} weighs the routee by it.
 * Send it to the balancer itself, or let a {@link LoadReporter} do it; it crosses JVMs with the
 * library's own serializer.
 */
public record UsageReport(ActorRef<?> routee, Usage usage) {
  /** @throws IllegalArgumentException without a routee or a usage */
  public UsageReport {
    if (routee == null || usage == null) throw new IllegalArgumentException("a usage report names its routee and its usage");
  }
}
