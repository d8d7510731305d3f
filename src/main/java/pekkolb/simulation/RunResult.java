package pekkolb.simulation;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * What one strategy did with the workload. Latencies are unscaled microseconds from the client's
 * send to its answer; {@code elapsedSeconds} is unscaled time from the first send to the last answer.
 * The histograms are the run's own; read them, do not record into them. {@code latencyMicrosByType}
 * holds the types the workload asked for; {@code meanSlowdown} is answer time / the job's own time,
 * averaged over completed requests; {@code hedged} counts the second copies the brokers sent, and
 * {@code hedgesWon} those that answered first.
 */
public record RunResult(
    Approach strategy,
    long requests,
    long completed,
    long rejected,
    long unanswered,
    double elapsedSeconds,
    Histogram latencyMicros,
    Map<String, Long> perWorker,
    Map<String, Long> rejections,
    Map<AppType, Histogram> latencyMicrosByType,
    double meanSlowdown,
    long hedged,
    long hedgesWon) {

  public RunResult {
    perWorker = Map.copyOf(perWorker);
    rejections = Map.copyOf(rejections);
    latencyMicrosByType = latencyMicrosByType.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(latencyMicrosByType));
  }

  /** Without hedges (as a load generator sees it: the brokers count them). */
  public RunResult(Approach strategy, long requests, long completed, long rejected, long unanswered, double elapsedSeconds,
      Histogram latencyMicros, Map<String, Long> perWorker, Map<String, Long> rejections,
      Map<AppType, Histogram> latencyMicrosByType, double meanSlowdown) {
    this(strategy, requests, completed, rejected, unanswered, elapsedSeconds, latencyMicros, perWorker, rejections,
        latencyMicrosByType, meanSlowdown, 0, 0);
  }

  /** Without latency by type or slowdown. */
  public RunResult(Approach strategy, long requests, long completed, long rejected, long unanswered, double elapsedSeconds,
      Histogram latencyMicros, Map<String, Long> perWorker, Map<String, Long> rejections) {
    this(strategy, requests, completed, rejected, unanswered, elapsedSeconds, latencyMicros, perWorker, rejections, Map.of(), 0);
  }

  /** The same, with the hedges the brokers counted. */
  public RunResult withHedges(long hedged, long hedgesWon) {
    return new RunResult(strategy, requests, completed, rejected, unanswered, elapsedSeconds, latencyMicros, perWorker,
        rejections, latencyMicrosByType, meanSlowdown, hedged, hedgesWon);
  }

  public double throughput() {
    return elapsedSeconds > 0 ? completed / elapsedSeconds : 0;
  }

  /** Latency at a percentile (0..100) in unscaled milliseconds; 0 when nothing completed. */
  public double percentileMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  /** Latency of one app type at a percentile (0..100), in unscaled milliseconds; 0 when none of that type completed. */
  public double percentileMillis(AppType type, double percentile) {
    Histogram h = latencyMicrosByType.get(type);
    return h == null || h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
  }

  public double meanMillis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1000.0;
  }

  public double maxMillis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
  }
}
