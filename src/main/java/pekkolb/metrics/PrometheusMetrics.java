package pekkolb.metrics;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The Prometheus view of {@link Metrics}: callback metrics that read the brokers' own counts at
 * scrape time (nothing is copied on the hot path), and the latency histogram built from the
 * brokers' buckets. Names and units follow the Prometheus conventions (_total, _seconds).
 */
final class PrometheusMetrics {
  private PrometheusMetrics() {}

  static void register(Metrics m, PrometheusRegistry registry) {
    CounterWithCallback.builder().name("pekkolb_jobs_dispatched")
        .help("Jobs sent to a worker, by worker, app type and approach (re-dispatches included)")
        .labelNames("worker", "type", "approach")
        .callback(cb -> {
          for (MetricsSnapshot.Row r : m.snapshot().rows()) {
            r.dispatchedByType().forEach((type, n) -> cb.call(n, r.worker(), type, r.approach()));
          }
        }).register(registry);
    CounterWithCallback.builder().name("pekkolb_jobs_completed")
        .help("Jobs a worker answered, by worker and approach").labelNames("worker", "approach")
        .callback(cb -> m.snapshot().rows().forEach(r -> cb.call(r.completed(), r.worker(), r.approach())))
        .register(registry);
    CounterWithCallback.builder().name("pekkolb_jobs_taken_back")
        .help("Jobs taken back from a lost, unreachable or overdue worker, to re-dispatch or fail")
        .labelNames("worker", "approach")
        .callback(cb -> m.snapshot().rows().forEach(r -> cb.call(r.takenBack(), r.worker(), r.approach())))
        .register(registry);
    GaugeWithCallback.builder().name("pekkolb_jobs_in_flight")
        .help("Jobs on a worker now, as its broker counts them, by worker and approach").labelNames("worker", "approach")
        .callback(cb -> m.snapshot().rows().forEach(r -> cb.call(r.inFlight(), r.worker(), r.approach())))
        .register(registry);
    CounterWithCallback.builder().name("pekkolb_requests_rejected")
        .help("Requests answered with an error, by reason").labelNames("reason")
        .callback(cb -> m.snapshot().rejections().forEach((reason, n) -> cb.call(n, reason)))
        .register(registry);
    CounterWithCallback.builder().name("pekkolb_worker_events")
        .help("Workers joining, changing state (routable, unreachable, deregistered) or stopping").labelNames("event")
        .callback(cb -> m.snapshot().workerEvents().forEach((event, n) -> cb.call(n, event)))
        .register(registry);
    GaugeWithCallback.builder().name("pekkolb_gateway_connections_open")
        .help("Open connections of the text gateway")
        .callback(cb -> {
          if (!m.gatewayOpen.isEmpty()) cb.call(m.gatewayOpen.stream().mapToInt(IntSupplier::getAsInt).sum());
        }).register(registry);
    CounterWithCallback.builder().name("pekkolb_gateway_connections_refused")
        .help("Connections the text gateway refused because it was at lb.gateway.max-connections")
        .callback(cb -> {
          if (!m.gatewayRefused.isEmpty()) cb.call(m.gatewayRefused.stream().mapToLong(LongSupplier::getAsLong).sum());
        }).register(registry);
    registry.register(latencyCollector(m));
  }

  private static Collector latencyCollector(Metrics m) {
    double[] bounds = new double[LatencyHistogram.BOUNDS_SECONDS.length + 1];
    System.arraycopy(LatencyHistogram.BOUNDS_SECONDS, 0, bounds, 0, bounds.length - 1);
    bounds[bounds.length - 1] = Double.POSITIVE_INFINITY;
    MetricMetadata meta = new MetricMetadata("pekkolb_request_duration_seconds",
        "Time from a request's arrival at the broker to its answer from a worker, by approach", Unit.SECONDS);
    return new Collector() {
      @Override
      public MetricSnapshot collect() {
        MetricsSnapshot s = m.snapshot();
        List<HistogramSnapshot.HistogramDataPointSnapshot> points = new ArrayList<>();
        for (Map.Entry<String, long[]> e : s.latencyCounts().entrySet()) {
          points.add(HistogramSnapshot.HistogramDataPointSnapshot.builder()
              .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, e.getValue()))
              .sum(s.latencySumSeconds().get(e.getKey()))
              .labels(Labels.of("approach", e.getKey()))
              .build());
        }
        return new HistogramSnapshot(meta, points);
      }

      @Override
      public String getPrometheusName() {
        return "pekkolb_request_duration_seconds";
      }
    };
  }

  /** The registry in the Prometheus text format (version 0.0.4), as /metrics serves it. */
  static byte[] text(PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.DEFAULT);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
