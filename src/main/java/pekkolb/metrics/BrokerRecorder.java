package pekkolb.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One broker's counts. The broker is the only writer: it finds its counts through plain maps only
 * it touches, and bumps a count by a release store of its value plus one (no atomic
 * read-modify-write). Readers go through the published lists, which grow copy-on-write.
 */
final class BrokerRecorder implements BrokerMetrics {

  /** The counts of one worker under one approach. */
  static final class Cell {
    final String worker;
    final String approach;
    final AtomicLong inFlight = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicLong takenBack = new AtomicLong();
    /** Jobs dispatched by app type, for readers; {@link #byType} is the writer's index into it. */
    final List<TypeCount> dispatched = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicLong> byType = new HashMap<>();

    Cell(String worker, String approach) {
      this.worker = worker;
      this.approach = approach;
    }
  }

  record TypeCount(String type, AtomicLong count) {}

  record Latency(String approach, LatencyHistogram histogram) {}

  private final Metrics shared;
  final List<Cell> cells = new CopyOnWriteArrayList<>();
  final List<Latency> latencies = new CopyOnWriteArrayList<>();
  private final Map<String, Map<String, Cell>> cellIndex = new HashMap<>();
  private final Map<String, LatencyHistogram> latencyIndex = new HashMap<>();

  BrokerRecorder(Metrics shared) {
    this.shared = shared;
  }

  private static void add(AtomicLong count, long delta) {
    count.setRelease(count.getPlain() + delta);
  }

  private Cell cell(String worker, String approach) {
    Map<String, Cell> byApproach = cellIndex.get(worker);
    if (byApproach == null) {
      byApproach = new HashMap<>();
      cellIndex.put(worker, byApproach);
    }
    Cell c = byApproach.get(approach);
    if (c == null) {
      c = new Cell(worker, approach);
      byApproach.put(approach, c);
      cells.add(c);
    }
    return c;
  }

  @Override
  public void dispatched(String worker, String appType, String approach) {
    Cell c = cell(worker, approach);
    add(c.inFlight, 1);
    AtomicLong n = c.byType.get(appType);
    if (n == null) {
      n = new AtomicLong();
      c.byType.put(appType, n);
      c.dispatched.add(new TypeCount(appType, n));
    }
    add(n, 1);
  }

  @Override
  public void completed(String worker, String approach, long latencyNanos) {
    Cell c = cell(worker, approach);
    add(c.inFlight, -1);
    add(c.completed, 1);
    LatencyHistogram h = latencyIndex.get(approach);
    if (h == null) {
      h = new LatencyHistogram();
      latencyIndex.put(approach, h);
      latencies.add(new Latency(approach, h));
    }
    h.record(latencyNanos);
  }

  @Override
  public void takenBack(String worker, String approach) {
    Cell c = cell(worker, approach);
    add(c.inFlight, -1);
    add(c.takenBack, 1);
  }

  @Override
  public void rejected(String reason) {
    shared.rejected(reason);
  }

  @Override
  public void workerEvent(String worker, String event) {
    shared.workerEvent(worker, event);
  }
}
