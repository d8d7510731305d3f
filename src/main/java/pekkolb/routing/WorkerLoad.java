package pekkolb.routing;

/**
 * What a routing strategy may know about one worker: the broker's own accounting, never the
 * worker's word. The broker keeps these up to date; strategies only read them.
 */
public interface WorkerLoad {
  String name();

  /** Jobs dispatched to this worker whose completion has not come back yet. */
  int inFlight();

  /** Share for weighted_round_robin (>= 1). */
  int weight();

  /** Observed job latency, fed by the broker on every completion. */
  PeakEwma latency();
}
