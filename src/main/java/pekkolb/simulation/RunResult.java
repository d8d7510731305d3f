package pekkolb.simulation;

import java.util.Map;
import org.HdrHistogram.Histogram;
import pekkolb.protocol.Approach;

/**
 * What one strategy did with the workload. Latencies are unscaled microseconds from the client's
 * send to its answer; {@code elapsedSeconds} is unscaled time from the first send to the last answer.
 * The histogram is the run's own; read it, do not record into it.
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
    Map<String, Long> rejections) {

  public RunResult {
    perWorker = Map.copyOf(perWorker);
    rejections = Map.copyOf(rejections);
  }

  public double throughput() {
    return elapsedSeconds > 0 ? completed / elapsedSeconds : 0;
  }

  /** Latency at a percentile (0..100) in unscaled milliseconds; 0 when nothing completed. */
  public double percentileMillis(double percentile) {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getValueAtPercentile(percentile) / 1000.0;
  }

  public double meanMillis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMean() / 1000.0;
  }

  public double maxMillis() {
    return latencyMicros.getTotalCount() == 0 ? 0 : latencyMicros.getMaxValue() / 1000.0;
  }
}
