package pekkolb.simulation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * What one strategy did with the workload: how many requests it answered ({@link Counts}), how fast
 * ({@link Latencies}), which worker served how many, why it refused what it refused, and what the
 * brokers counted themselves ({@link BrokerTally}).
 */
public record RunResult(Approach strategy, Counts counts, Latencies latencies, Map<String, Long> perWorker,
    Map<String, Long> rejections, BrokerTally brokers) {

  /** Requests sent, answered with a Response, with a Rejected, or not at all; unscaled seconds from the first send to the last answer. */
  public record Counts(long requests, long completed, long rejected, long unanswered, double elapsedSeconds) {}

  /**
   * Unscaled microseconds from the client's send to its answer, over all requests and per app type
   * (the types the workload asked for), and the mean over completed requests of answer time / the
   * job's own time. The histograms are the run's own: read them, do not record into them.
   */
  public record Latencies(Histogram all, Map<AppType, Histogram> byType, double meanSlowdown) {
    public Latencies {
      byType = byType.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(byType));
    }

    /** Without latency by type or slowdown. */
    public static Latencies of(Histogram all) {
      return new Latencies(all, Map.of(), 0);
    }
  }

  /**
   * What the brokers counted, asked once the load is over: the second copies they sent ({@code
   * hedged}) and how many answered first; and how many brokers routed to each worker then (its
   * fan-in: the most, and the mean over the workers).
   */
  public record BrokerTally(long hedged, long hedgesWon, int maxFanIn, double meanFanIn) {
    /** Before the brokers were asked (as the load generator sees a run). */
    public static final BrokerTally NONE = new BrokerTally(0, 0, 0, 0);
  }

  public RunResult {
    perWorker = Map.copyOf(perWorker);
    rejections = Map.copyOf(rejections);
  }

  /** The same, with what the brokers counted. */
  public RunResult withBrokers(BrokerTally tally) {
    return new RunResult(strategy, counts, latencies, perWorker, rejections, tally);
  }

  /** Completed requests per unscaled second. */
  public double throughput() {
    return counts.elapsedSeconds() > 0 ? counts.completed() / counts.elapsedSeconds() : 0;
  }

  /** Latency at a percentile (0..100) in unscaled milliseconds; 0 when nothing completed. */
  public double percentileMillis(double percentile) {
    Histogram h = latencies.all();
    return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Latency of one app type at a percentile (0..100), in unscaled milliseconds; 0 when none of that type completed. */
  public double percentileMillis(AppType type, double percentile) {
    Histogram h = latencies.byType().get(type);
    return h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  public double meanMillis() {
    return latencies.all().getTotalCount() == 0 ? 0 : latencies.all().getMean() / 1000.0;
  }

  public double maxMillis() {
    return latencies.all().getTotalCount() == 0 ? 0 : latencies.all().getMaxValue() / 1000.0;
  }
}
