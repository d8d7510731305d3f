package pekkolb.bench;

import org.HdrHistogram.Histogram;

/**
 * A timed run's lateness: each answer's time minus its request's send time minus the job's, at the
 * client, and the broker's own elapsed time minus the job's where a broker answered. Answers in a
 * row mostly share their send stamp, arrival and broker time, so each figure is worked out again only
 * when one of those changed: the client runs on the same two cores as what it measures.
 */
final class RunLateness {
  private final SendStamps sent = new SendStamps();
  private final RunLengthRecorder client;
  private final RunLengthRecorder broker; // null where no broker answers
  private final long expectedNanos;
  private final long expectedMicros;
  private final double timeScale;
  private long lastSent;
  private long lastNow;
  private long lastLateMicros;
  private long lastBrokerMillis = -1;
  private long lastBrokerLateMicros;

  /**
   * @param capMicros the highest lateness recorded (the run's timeout): later ones count at it
   * @param timeScale converts the broker's reported (unscaled) milliseconds back to real time
   */
  RunLateness(long expectedNanos, double timeScale, long capMicros, boolean viaBroker) {
    this.expectedNanos = expectedNanos;
    this.expectedMicros = expectedNanos / 1000;
    this.timeScale = timeScale;
    this.client = new RunLengthRecorder(capMicros);
    this.broker = viaBroker ? new RunLengthRecorder(capMicros) : null;
  }

  /** Ids {@code first} to {@code first + n - 1} left at {@code nanos}. */
  void sent(long first, int n, long nanos) {
    sent.sent(first, n, nanos);
  }

  /** Request {@code id} answered at {@code now}; {@code brokerElapsedMillis} as the broker said, -1 if it did not. */
  void answered(long id, long now, long brokerElapsedMillis) {
    long sentAt = sent.of(id);
    if (sentAt != lastSent || now != lastNow) {
      lastSent = sentAt;
      lastNow = now;
      lastLateMicros = (now - sentAt - expectedNanos) / 1000;
    }
    client.record(lastLateMicros);
    if (broker == null || brokerElapsedMillis < 0) return;
    if (brokerElapsedMillis != lastBrokerMillis) {
      lastBrokerMillis = brokerElapsedMillis;
      lastBrokerLateMicros = Math.round(brokerElapsedMillis * timeScale * 1000) - expectedMicros;
    }
    broker.record(lastBrokerLateMicros);
  }

  /** In microseconds. */
  Histogram client() {
    return client.histogram();
  }

  /** In microseconds; null where no broker answers. */
  Histogram broker() {
    return RunLengthRecorder.histogramOf(broker);
  }
}
