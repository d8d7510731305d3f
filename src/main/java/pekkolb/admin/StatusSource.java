package pekkolb.admin;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Stats;
import pekkolb.metrics.Metrics;
import pekkolb.metrics.MetricsSnapshot;

/**
 * Answers "how is it going" for /status, /ready and the dashboard. Keeps the metrics snapshots of
 * the last window (one per push interval), so every answer can give recent rates and percentiles
 * however often it is asked.
 */
final class StatusSource {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final ActorRef<BrokerMessage> broker;
  private final Metrics metrics;
  private final long windowNanos;
  private final ArrayDeque<MetricsSnapshot> history = new ArrayDeque<>();
  private final Cancellable sampler;

  StatusSource(ActorSystem<?> system, ActorRef<BrokerMessage> broker, Duration pushInterval, Duration window) {
    this.system = system;
    this.broker = broker;
    this.metrics = Metrics.get(system);
    this.windowNanos = window.toNanos();
    sample();
    this.sampler = system.scheduler().scheduleAtFixedRate(pushInterval, pushInterval, this::sample, system.executionContext());
  }

  private void sample() {
    MetricsSnapshot now = metrics.snapshot();
    synchronized (history) {
      history.addLast(now);
      // Keep the newest snapshot that is at least a window old: it is where the window starts.
      while (history.size() > 1 && now.nanoTime() - nth(1).nanoTime() >= windowNanos) history.removeFirst();
    }
  }

  private MetricsSnapshot nth(int i) {
    var it = history.iterator();
    for (int k = 0; k < i; k++) it.next();
    return it.next();
  }

  private MetricsSnapshot windowStart() {
    synchronized (history) {
      return history.peekFirst();
    }
  }

  CompletionStage<Stats> brokerStats() {
    return AskPattern.ask(broker, GetStats::new, ASK_TIMEOUT, system.scheduler());
  }

  CompletionStage<Status> status() {
    return brokerStats().thenApply(stats ->
        StatusBuilder.build(broker.path().toStringWithoutAddress(), stats, metrics.snapshot(), windowStart(),
            System.currentTimeMillis()));
  }

  void stop() {
    sampler.cancel();
  }
}
