package pekkolb.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerState;
import pekkolb.protocol.WorkerStats;
import pekkolb.metrics.LatencyHistogram;
import pekkolb.metrics.MetricsSnapshot;

/**
 * Puts a /status document together from the broker's own accounting ({@link Stats}) and
 * two metrics snapshots: the counts now, and the counts at the start of the window, whose
 * difference gives the recent rates and percentiles.
 */
final class StatusBuilder {
  private StatusBuilder() {}

  static Status build(String brokerName, Stats stats, MetricsSnapshot now, MetricsSnapshot then, long epochMillis) {
    double seconds = Math.max((now.nanoTime() - then.nanoTime()) / 1e9, 1e-3);
    Map<String, MetricsSnapshot.Row> before = new LinkedHashMap<>();
    for (MetricsSnapshot.Row r : then.rows()) before.put(r.worker() + '\u0000' + r.approach(), r);

    List<Status.WorkerStatus> workers = new ArrayList<>();
    for (WorkerStats w : stats.workers()) {
      Map<String, Status.ApproachCounts> byApproach = new TreeMap<>();
      long recent = 0;
      for (MetricsSnapshot.Row r : now.rows()) {
        if (!r.worker().equals(w.name())) continue;
        byApproach.put(r.approach(), new Status.ApproachCounts(r.inFlight(), r.dispatched(), r.completed(), r.takenBack()));
        MetricsSnapshot.Row b = before.get(r.worker() + '\u0000' + r.approach());
        recent += r.completed() - (b == null ? 0 : b.completed());
      }
      workers.add(new Status.WorkerStatus(w.name(), w.state().label(), w.inFlight(), w.longJobs() + w.shortJobs(), w.completed(),
          recent / seconds, byApproach));
    }

    Map<String, Status.ApproachStatus> approaches = new TreeMap<>();
    for (Map.Entry<String, long[]> e : now.latencyCounts().entrySet()) {
      long[] counts = e.getValue().clone();
      long[] old = then.latencyCounts().get(e.getKey());
      long total = 0;
      long recent = 0;
      for (int i = 0; i < counts.length; i++) {
        total += counts[i];
        if (old != null) counts[i] -= old[i];
        recent += counts[i];
      }
      approaches.put(e.getKey(), new Status.ApproachStatus(total, recent / seconds,
          millis(LatencyHistogram.quantile(counts, 0.5)), millis(LatencyHistogram.quantile(counts, 0.99))));
    }
    boolean ready = stats.workers().stream().anyMatch(w -> w.state() == WorkerState.ROUTABLE);
    List<MetricsSnapshot.WorkerEvent> events = new ArrayList<>(now.recentEvents());
    Collections.reverse(events); // newest first
    return new Status(epochMillis, ready, seconds,
        List.of(new Status.BrokerStatus(brokerName, stats.inFlight(), stats.waiting(), List.copyOf(workers))),
        approaches, now.rejections(), List.copyOf(events));
  }

  private static Double millis(double seconds) {
    return Double.isNaN(seconds) ? null : Math.round(seconds * 1e4) / 10.0;
  }
}
