package pekkolb.routing;

/**
 * What a routing strategy may know about one worker: the broker's own accounting, and the load
 * the worker reports. The broker keeps these up to date; strategies only read them.
 */
public interface WorkerLoad {
  String name();

  /** Jobs dispatched to this worker whose completion has not come back yet. */
  int inFlight();

  /**
   * Jobs at this worker from every broker, as best this broker knows (see {@link Routee}); what
   * least_connections and power_of_two compare. Without reports it is {@link #inFlight()}.
   */
  default int load() {
    return inFlight();
  }

  /** Share for weighted_round_robin (>= 1). */
  int weight();

  /** Observed job latency, fed by the broker on every completion. */
  PeakEwma latency();

  /** Jobs the worker runs at once (0 = no limit); 0 until the broker knows. */
  default int slots() {
    return 0;
  }

  /** Expected nanoseconds of work left in this broker's jobs there at {@code nowNanos} (see {@link Routee}). */
  default double workLeftNanos(long nowNanos) {
    return 0;
  }

  /** Whether a new job would start at once: no slot limit, or fewer jobs than slots. */
  default boolean hasFreeSlot() {
    return slots() == 0 || load() < slots();
  }
}
