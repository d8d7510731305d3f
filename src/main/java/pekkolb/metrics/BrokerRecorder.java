package pekkolb.metrics;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One broker's counts. The broker is the only writer: a count goes up by a release store of its
 * value plus one (no atomic read-modify-write), and the writer finds its counts in small arrays
 * by the identity of the wire-name constants it passes. Readers go through the published lists.
 */
final class BrokerRecorder implements BrokerMetrics {

  /** The counts of one worker under one approach. */
  static final class Cell {
    final String worker;
    final String approach;
    final AtomicLong takenBack = new AtomicLong();
    /** Latencies of this worker's answers under this approach, one per answer: their count is the completed count. */
    final LatencyHistogram latency = new LatencyHistogram();
    final List<TypeCount> dispatched = new CopyOnWriteArrayList<>();
    private TypeCount[] types = new TypeCount[0];

    Cell(String worker, String approach) {
      this.worker = worker;
      this.approach = approach;
    }

    AtomicLong dispatchedOf(String type) {
      for (TypeCount t : types) if (t.type() == type) return t.count();
      for (TypeCount t : types) if (t.type().equals(type)) return t.count();
      TypeCount t = new TypeCount(type, new AtomicLong());
      types = Arrays.copyOf(types, types.length + 1);
      types[types.length - 1] = t;
      dispatched.add(t);
      return t.count();
    }
  }

  record TypeCount(String type, AtomicLong count) {}

  private final Metrics shared;
  final List<Cell> cells = new CopyOnWriteArrayList<>();
  private final Map<String, WorkerCells> workers = new HashMap<>();

  BrokerRecorder(Metrics shared) {
    this.shared = shared;
  }

  private static void increment(AtomicLong count) {
    count.setRelease(count.getPlain() + 1);
  }

  @Override
  public WorkerMetrics worker(String name) {
    return workers.computeIfAbsent(name, WorkerCells::new);
  }

  private final class WorkerCells implements WorkerMetrics {
    private final String worker;
    private Cell[] byApproach = new Cell[0];

    WorkerCells(String worker) {
      this.worker = worker;
    }

    private Cell cell(String approach) {
      for (Cell c : byApproach) if (c.approach == approach) return c;
      for (Cell c : byApproach) if (c.approach.equals(approach)) return c;
      Cell c = new Cell(worker, approach);
      byApproach = Arrays.copyOf(byApproach, byApproach.length + 1);
      byApproach[byApproach.length - 1] = c;
      cells.add(c);
      return c;
    }

    @Override
    public void dispatched(String appType, String approach) {
      increment(cell(approach).dispatchedOf(appType));
    }

    @Override
    public void completed(String approach, long latencyNanos) {
      cell(approach).latency.record(latencyNanos);
    }

    @Override
    public void takenBack(String approach) {
      increment(cell(approach).takenBack);
    }
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
