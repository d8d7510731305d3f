package pekkolb.admin;

import java.util.List;
import java.util.Map;
import pekkolb.metrics.MetricsSnapshot;

/**
 * The /status document, and each update the dashboard receives. Rates and percentiles are over the
 * last {@code windowSeconds}; counts are since start. A percentile is null when nothing completed.
 * {@code workers} are summed over every broker of this node; {@code brokers} give each one's share.
 */
public record Status(
    long epochMillis,
    boolean ready,
    double windowSeconds,
    List<BrokerStatus> brokers,
    List<WorkerStatus> workers,
    Map<String, ApproachStatus> approaches,
    Map<String, Long> rejections,
    List<MetricsSnapshot.WorkerEvent> events) {

  /** One broker of this node: its requests in flight and waiting, and its jobs in flight per worker. */
  public record BrokerStatus(String name, int inFlight, int waiting, Map<String, Integer> workersInFlight) {}

  /**
   * A worker as this node's brokers see it: its state (routable if any broker may route to it), the
   * slots it runs jobs in (0 = unlimited), jobs in flight, totals, completions per second and latency
   * percentiles (ms) in the window, and the same counts split by the approach that routed each job.
   */
  public record WorkerStatus(String name, String state, int slots, int inFlight, long dispatched, long completed,
      double completedPerSecond, Double p50Millis, Double p99Millis, Map<String, ApproachCounts> byApproach) {}

  public record ApproachCounts(long inFlight, long dispatched, long completed, long takenBack) {}

  /** Requests answered per second and latency percentiles (ms) of one approach in the window. */
  public record ApproachStatus(long completed, double completedPerSecond, Double p50Millis, Double p99Millis) {}
}
