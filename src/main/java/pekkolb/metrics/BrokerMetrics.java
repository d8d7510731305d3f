package pekkolb.metrics;

/**
 * What a broker reports as it routes. Called only from the broker's own actor (one writer per
 * instance), on the hot path: implementations must not lock, block or allocate per call.
 * Names are wire names ("Worker-1", "Long", "round_robin").
 */
public interface BrokerMetrics {

  /** The counts of one worker. The broker asks once, when the worker joins, and keeps the handle. */
  WorkerMetrics worker(String name);

  /** A request was answered with a rejection; the reason is the text the caller gets. */
  void rejected(String reason);

  /** A worker joined, changed state (routable, unreachable, deregistered) or stopped. */
  void workerEvent(String worker, String event);

  /** One worker's counts, by the approach that routed each job. */
  interface WorkerMetrics {
    /** A job went to this worker (a first dispatch or a re-dispatch). */
    void dispatched(String appType, String approach);

    /** This worker answered; {@code latencyNanos} runs from the request's arrival to its answer. */
    void completed(String approach, long latencyNanos);

    /** A job was taken back from this worker (lost, unreachable, past its deadline), to go elsewhere or fail. */
    void takenBack(String approach);
  }

  /** Records nothing: metrics switched off ({@code lb.admin.metrics = off}). */
  BrokerMetrics NONE = new BrokerMetrics() {
    private final WorkerMetrics none = new WorkerMetrics() {
      @Override public void dispatched(String appType, String approach) {}
      @Override public void completed(String approach, long latencyNanos) {}
      @Override public void takenBack(String approach) {}
    };

    @Override public WorkerMetrics worker(String name) {
      return none;
    }

    @Override public void rejected(String reason) {}
    @Override public void workerEvent(String worker, String event) {}
  };
}
