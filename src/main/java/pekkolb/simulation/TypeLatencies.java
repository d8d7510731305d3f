package pekkolb.simulation;

import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import pekkolb.protocol.AppType;

/**
 * Latency per app type, and the mean slowdown (answer time / the job's own time): the measure
 * size-based scheduling is judged by, since a 20 ms job that waited 200 ms suffered more than a
 * 5 s job that did. Fed by the load generator, one answer at a time; read once the run is over.
 */
public final class TypeLatencies {
  private final long highestMicros;
  private final EnumMap<AppType, Histogram> byType = new EnumMap<>(AppType.class);
  private double slowdownSum;
  private long slowdownCount;

  public TypeLatencies(long highestMicros) {
    this.highestMicros = highestMicros;
  }

  /**
   * @param latencyMicros unscaled, from send to answer
   * @param sizeMillis the job's own time (unscaled); below 0 (the type's duration, unknown here) counts
   *     for latency only, and a 0 ms job counts as 1 ms so its slowdown stays finite
   */
  public void record(AppType type, long latencyMicros, long sizeMillis) {
    long micros = Math.min(Math.max(latencyMicros, 0), highestMicros);
    byType.computeIfAbsent(type, t -> new Histogram(highestMicros, 3)).recordValue(micros);
    if (sizeMillis >= 0) {
      slowdownSum += micros / (1000.0 * Math.max(1, sizeMillis));
      slowdownCount++;
    }
  }

  /** The histograms of the types seen, in AppType order. */
  public Map<AppType, Histogram> histograms() {
    return byType;
  }

  /** 0 when nothing was recorded. */
  public double meanSlowdown() {
    return slowdownCount == 0 ? 0 : slowdownSum / slowdownCount;
  }
}
