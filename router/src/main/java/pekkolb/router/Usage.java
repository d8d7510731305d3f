package pekkolb.router;

/**
 * What a routee reports of its recent work, as ORCA's load reports do for gRPC: how busy it was
 * ({@code utilization}: the share of its slots in use, or for a routee without a slot limit the mean
 * number of requests in progress), and how many requests it finished and failed per second. A
 * balancer's {@link Policies#weightedRoundRobin()} weighs each routee by them.
 */
public record Usage(double utilization, double qps, double errorsPerSecond) {
  /** @throws IllegalArgumentException for a negative or not-a-number value */
  public Usage {
    if (!(utilization >= 0) || !(qps >= 0) || !(errorsPerSecond >= 0)) {
      throw new IllegalArgumentException("usage must be >= 0: utilization " + utilization + ", qps " + qps + ", errors/s " + errorsPerSecond);
    }
  }
}
