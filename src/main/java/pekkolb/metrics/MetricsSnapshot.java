package pekkolb.metrics;

import java.util.List;
import java.util.Map;

/**
 * The counts of every broker of one actor system at one moment, summed per worker and approach.
 * Counters only grow, so two snapshots give rates and recent percentiles by difference.
 */
public record MetricsSnapshot(
    long nanoTime,
    List<Row> rows,
    Map<String, long[]> latencyCounts,
    Map<String, Double> latencySumSeconds,
    Map<String, Long> rejections,
    Map<String, Long> workerEvents,
    List<WorkerEvent> recentEvents) {

  /**
   * One worker under one approach; {@code dispatchedByType} by app type ("Long", "Short"), and its
   * answers' latencies per bucket of {@link LatencyHistogram#BOUNDS_SECONDS} (never modify).
   */
  public record Row(String worker, String approach, long inFlight, Map<String, Long> dispatchedByType,
      long completed, long takenBack, long[] latencyCounts) {
    public long dispatched() {
      long sum = 0;
      for (long n : dispatchedByType.values()) sum += n;
      return sum;
    }
  }

  /** A worker's change of state, with the wall-clock time it was recorded. */
  public record WorkerEvent(long epochMillis, String worker, String event) {}
}
