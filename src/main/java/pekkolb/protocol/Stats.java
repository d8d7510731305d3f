package pekkolb.protocol;

import java.util.List;

/** A broker's accounting: its workers in worker-number order, and its requests in flight and waiting. */
public record Stats(List<WorkerStats> workers, int inFlight, int waiting) {
  public long routableWorkers() {
    return workers.stream().filter(w -> w.state() == WorkerState.ROUTABLE).count();
  }
}
