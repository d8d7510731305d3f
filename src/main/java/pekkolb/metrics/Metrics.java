package pekkolb.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The metrics of one actor system: every broker's counts, rejections, worker events and the
 * gateway's connections, in one Prometheus registry that the admin endpoint serves. An actor
 * system extension, so a broker finds it from its context and no constructor has to carry it.
 * With {@code lb.admin.metrics = off} brokers record nothing.
 */
public final class Metrics implements Extension {

  private static final ExtensionId<Metrics> ID = new ExtensionId<>() {
    @Override
    public Metrics createExtension(ActorSystem<?> system) {
      var config = system.settings().config();
      return new Metrics(!config.hasPath("lb.admin.metrics") || config.getBoolean("lb.admin.metrics"));
    }
  };

  private static final int RECENT_EVENTS = 50;

  public static Metrics get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  private final boolean enabled;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final List<BrokerRecorder> brokers = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> rejections = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> events = new ConcurrentHashMap<>();
  private final ArrayDeque<MetricsSnapshot.WorkerEvent> recentEvents = new ArrayDeque<>();
  final List<IntSupplier> gatewayOpen = new CopyOnWriteArrayList<>();
  final List<LongSupplier> gatewayRefused = new CopyOnWriteArrayList<>();

  public Metrics(boolean enabled) {
    this.enabled = enabled;
    PrometheusMetrics.register(this, registry);
  }

  public boolean enabled() {
    return enabled;
  }

  /** Every metric in the Prometheus text format, for /metrics. */
  public byte[] prometheusText() {
    return PrometheusMetrics.text(registry);
  }

  /** A recorder for a new broker, or {@link BrokerMetrics#NONE} when metrics are off. */
  public BrokerMetrics newBroker() {
    if (!enabled) return BrokerMetrics.NONE;
    BrokerRecorder r = new BrokerRecorder(this);
    brokers.add(r);
    return r;
  }

  /** Exposes a gateway's open connections and the connections it refused (when over its limit). */
  public void gateway(IntSupplier openConnections, LongSupplier refusedConnections) {
    gatewayOpen.add(openConnections);
    gatewayRefused.add(refusedConnections);
  }

  void rejected(String reason) {
    rejections.computeIfAbsent(reasonLabel(reason), k -> new LongAdder()).increment();
  }

  void workerEvent(String worker, String event) {
    events.computeIfAbsent(event, k -> new LongAdder()).increment();
    synchronized (recentEvents) {
      if (recentEvents.size() == RECENT_EVENTS) recentEvents.removeFirst();
      recentEvents.addLast(new MetricsSnapshot.WorkerEvent(System.currentTimeMillis(), worker, event));
    }
  }

  /** A low-cardinality label for a rejection's text, so each reason is one time series. */
  static String reasonLabel(String reason) {
    String r = reason == null ? "" : reason;
    if (r.startsWith("overloaded")) return "overloaded";
    if (r.contains("gave up")) return "gave_up";
    if (r.startsWith("no worker") || r.contains("no other worker")) return "no_worker";
    if (r.startsWith("missing ") || r.startsWith("unknown ")) return "bad_request";
    return "other";
  }

  /** Every broker's counts summed per worker and approach (latencies also per approach), and the rest, as of now. */
  public MetricsSnapshot snapshot() {
    Map<String, MutableRow> rows = new TreeMap<>();
    Map<String, long[]> latency = new TreeMap<>();
    Map<String, Double> latencySum = new TreeMap<>();
    for (BrokerRecorder b : brokers) {
      for (BrokerRecorder.Cell c : b.cells) {
        MutableRow row = rows.computeIfAbsent(c.worker + '\u0000' + c.approach, k -> new MutableRow(c.worker, c.approach));
        // In flight = dispatched - completed - taken back, read in that order's reverse: a job counted as
        // ended was counted as dispatched before, so the difference is never below zero (one store less per job).
        long[] counts = c.latency.counts();
        long completed = Arrays.stream(counts).sum();
        long takenBack = c.takenBack.getAcquire();
        long dispatched = 0;
        for (BrokerRecorder.TypeCount t : c.dispatched) {
          long n = t.count().getAcquire();
          dispatched += n;
          row.dispatched.merge(t.type(), n, Long::sum);
        }
        row.inFlight += dispatched - completed - takenBack;
        row.completed += completed;
        row.takenBack += takenBack;
        addTo(row.latency, counts);
        addTo(latency.computeIfAbsent(c.approach, k -> new long[counts.length]), counts);
        latencySum.merge(c.approach, c.latency.sumSeconds(), Double::sum);
      }
    }
    List<MetricsSnapshot.Row> list = new ArrayList<>();
    for (MutableRow r : rows.values()) {
      list.add(new MetricsSnapshot.Row(r.worker, r.approach, r.inFlight, Map.copyOf(r.dispatched), r.completed, r.takenBack,
          r.latency));
    }
    List<MetricsSnapshot.WorkerEvent> recent;
    synchronized (recentEvents) {
      recent = List.copyOf(recentEvents);
    }
    return new MetricsSnapshot(System.nanoTime(), List.copyOf(list), latency, latencySum, sums(rejections), sums(events), recent);
  }

  private static void addTo(long[] sum, long[] counts) {
    for (int i = 0; i < counts.length; i++) sum[i] += counts[i];
  }

  private static Map<String, Long> sums(Map<String, LongAdder> adders) {
    Map<String, Long> out = new TreeMap<>();
    adders.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  private static final class MutableRow {
    final String worker;
    final String approach;
    long inFlight;
    long completed;
    long takenBack;
    final Map<String, Long> dispatched = new HashMap<>();
    final long[] latency = new long[LatencyHistogram.BOUNDS_SECONDS.length + 1];

    MutableRow(String worker, String approach) {
      this.worker = worker;
      this.approach = approach;
    }
  }
}
