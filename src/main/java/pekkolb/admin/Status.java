package pekkolb.admin;

import java.util.List;
import java.util.Map;
import pekkolb.metrics.MetricsSnapshot;

/**
 * The /status document, and each update the dashboard receives. Rates and percentiles are over the
 * last {@code windowSeconds}; counts are since start. A percentile is null when nothing completed.
 */
public record Status(
    long epochMillis,
    boolean ready,
    double windowSeconds,
    List<BrokerStatus> brokers,
    Map<String, ApproachStatus> approaches,
    Map<String, Long> rejections,
    List<MetricsSnapshot.WorkerEvent> events) {

  /** One broker (this node's) and the workers it knows. */
  public record BrokerStatus(String name, int inFlight, int waiting, List<WorkerStatus> workers) {}

  /**
   * A worker as the broker sees it: its state, jobs in flight, totals, completions per second in
   * the window, and the same counts split by the approach that routed each job.
   */
  public record WorkerStatus(String name, String state, int inFlight, long dispatched, long completed,
      double completedPerSecond, Map<String, ApproachCounts> byApproach) {}

  public record ApproachCounts(long inFlight, long dispatched, long completed, long takenBack) {}

  /** Requests answered per second and latency percentiles (ms) of one approach in the window. */
  public record ApproachStatus(long completed, double completedPerSecond, Double p50Millis, Double p99Millis) {}
}
