package pekkolb.admin;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import pekkolb.metrics.LatencyHistogram;
import pekkolb.metrics.MetricsSnapshot;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerState;
import pekkolb.protocol.WorkerStats;

/**
 * Puts a /status document together from the brokers' own accounting ({@link Stats}, by broker name)
 * and two metrics snapshots: the counts now, and the counts at the start of the window, whose
 * difference gives the recent rates and percentiles. Workers are summed over the brokers by name.
 */
final class StatusBuilder {
  private StatusBuilder() {}

  /** One worker's accounting summed over the brokers that know it. */
  private static final class WorkerSum {
    final String name;
    WorkerState state;
    int slots;
    int inFlight;
    long dispatched;
    long completed;

    WorkerSum(String name) {
      this.name = name;
    }

    void add(WorkerStats w) {
      if (state == null || w.state() == WorkerState.ROUTABLE) state = w.state();
      slots = Math.max(slots, w.slots());
      inFlight += w.inFlight();
      dispatched += w.longJobs() + w.shortJobs();
      completed += w.completed();
    }
  }

  static Status build(Map<String, Stats> brokers, MetricsSnapshot now, MetricsSnapshot then, long epochMillis) {
    double seconds = Math.max((now.nanoTime() - then.nanoTime()) / 1e9, 1e-3);
    List<Status.BrokerStatus> brokerRows = new ArrayList<>();
    Map<String, WorkerSum> sums = new LinkedHashMap<>();
    boolean ready = false;
    for (Map.Entry<String, Stats> b : brokers.entrySet()) {
      Map<String, Integer> inFlight = new LinkedHashMap<>();
      for (WorkerStats w : b.getValue().workers()) {
        inFlight.merge(w.name(), w.inFlight(), Integer::sum);
        sums.computeIfAbsent(w.name(), WorkerSum::new).add(w);
        ready |= w.state() == WorkerState.ROUTABLE;
      }
      brokerRows.add(new Status.BrokerStatus(b.getKey(), b.getValue().inFlight(), b.getValue().waiting(), inFlight));
    }

    Map<String, MetricsSnapshot.Row> before = new HashMap<>();
    for (MetricsSnapshot.Row r : then.rows()) before.put(r.worker() + '\u0000' + r.approach(), r);
    List<Status.WorkerStatus> workers = new ArrayList<>();
    for (WorkerSum w : sums.values()) {
      Map<String, Status.ApproachCounts> byApproach = new TreeMap<>();
      long[] recentLatency = new long[LatencyHistogram.BOUNDS_SECONDS.length + 1];
      long recent = 0;
      for (MetricsSnapshot.Row r : now.rows()) {
        if (!r.worker().equals(w.name)) continue;
        byApproach.put(r.approach(), new Status.ApproachCounts(r.inFlight(), r.dispatched(), r.completed(), r.takenBack()));
        MetricsSnapshot.Row b = before.get(r.worker() + '\u0000' + r.approach());
        recent += r.completed() - (b == null ? 0 : b.completed());
        long[] since = since(r.latencyCounts(), b == null ? null : b.latencyCounts());
        for (int i = 0; i < since.length; i++) recentLatency[i] += since[i];
      }
      workers.add(new Status.WorkerStatus(w.name, w.state.label(), w.slots, w.inFlight, w.dispatched, w.completed,
          recent / seconds, millis(LatencyHistogram.quantile(recentLatency, 0.5)),
          millis(LatencyHistogram.quantile(recentLatency, 0.99)), byApproach));
    }

    Map<String, Status.ApproachStatus> approaches = new TreeMap<>();
    for (Map.Entry<String, long[]> e : now.latencyCounts().entrySet()) {
      long total = 0;
      for (long c : e.getValue()) total += c;
      long[] counts = since(e.getValue(), then.latencyCounts().get(e.getKey()));
      long recent = 0;
      for (long c : counts) recent += c;
      approaches.put(e.getKey(), new Status.ApproachStatus(total, recent / seconds,
          millis(LatencyHistogram.quantile(counts, 0.5)), millis(LatencyHistogram.quantile(counts, 0.99))));
    }
    List<MetricsSnapshot.WorkerEvent> events = new ArrayList<>(now.recentEvents());
    Collections.reverse(events); // newest first
    return new Status(epochMillis, ready, seconds, List.copyOf(brokerRows), List.copyOf(workers), approaches,
        now.rejections(), List.copyOf(events));
  }

  /** Observations per bucket since {@code old} (null: since start). */
  private static long[] since(long[] now, long[] old) {
    long[] d = now.clone();
    if (old != null) for (int i = 0; i < d.length; i++) d[i] -= old[i];
    return d;
  }

  private static Double millis(double seconds) {
    return Double.isNaN(seconds) ? null : Math.round(seconds * 1e4) / 10.0;
  }
}
