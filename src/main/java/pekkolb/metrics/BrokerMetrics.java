package pekkolb.metrics;

/**
 * What a broker reports as it routes. Called only from the broker's own actor (one writer per
 * instance), on the hot path: implementations must not lock, block or allocate per call.
 * Names are wire names ("Worker-1", "Long", "round_robin").
 */
public interface BrokerMetrics {

  /** A job went to a worker (a first dispatch or a re-dispatch). */
  void dispatched(String worker, String appType, String approach);

  /** A worker answered; {@code latencyNanos} runs from the request's arrival to its answer. */
  void completed(String worker, String approach, long latencyNanos);

  /** A job was taken back from a worker (lost, unreachable, past its deadline), to go elsewhere or fail. */
  void takenBack(String worker, String approach);

  /** A request was answered with a rejection; the reason is the text the caller gets. */
  void rejected(String reason);

  /** A worker joined, changed state (routable, unreachable, deregistered) or stopped. */
  void workerEvent(String worker, String event);

  /** Records nothing: metrics switched off ({@code lb.admin.metrics = off}). */
  BrokerMetrics NONE = new BrokerMetrics() {
    @Override public void dispatched(String worker, String appType, String approach) {}
    @Override public void completed(String worker, String approach, long latencyNanos) {}
    @Override public void takenBack(String worker, String approach) {}
    @Override public void rejected(String reason) {}
    @Override public void workerEvent(String worker, String event) {}
  };
}
