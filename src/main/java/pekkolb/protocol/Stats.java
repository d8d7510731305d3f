package pekkolb.protocol;

import java.util.List;

/**
 * A broker's accounting: its workers in worker-number order, its requests in flight and waiting,
 * and the hedges it sent (second copies of hedged requests) and how many of those answered first.
 */
public record Stats(List<WorkerStats> workers, int inFlight, int waiting, long hedged, long hedgesWon) {
  /** Without hedges. */
  public Stats(List<WorkerStats> workers, int inFlight, int waiting) {
    this(workers, inFlight, waiting, 0, 0);
  }

  public long routableWorkers() {
    return workers.stream().filter(w -> w.state() == WorkerState.ROUTABLE).count();
  }
}
