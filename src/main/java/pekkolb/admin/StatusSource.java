package pekkolb.admin;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * Answers "how is it going" for /status, /ready and the dashboard, from every broker of the node. Keeps the metrics snapshots of
 * the last window (one per push interval), so every answer can give recent rates and percentiles
 * however often it is asked.
 */
final class StatusSource {
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(3);

  private final ActorSystem<?> system;
  private final List<ActorRef<BrokerMessage>> brokers;
  private final Metrics metrics;
  private final long windowNanos;
  private final ArrayDeque<MetricsSnapshot> history = new ArrayDeque<>();
  private final Cancellable sampler;

  StatusSource(ActorSystem<?> system, List<ActorRef<BrokerMessage>> brokers, Duration pushInterval, Duration window) {
    this.system = system;
    this.brokers = List.copyOf(brokers);
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

  /** Fails when a broker does not answer in time. */
  CompletionStage<Status> status() {
    List<CompletableFuture<Stats>> asks = new ArrayList<>();
    for (ActorRef<BrokerMessage> b : brokers) {
      asks.add(AskPattern.<BrokerMessage, Stats>ask(b, GetStats::new, ASK_TIMEOUT, system.scheduler()).toCompletableFuture());
    }
    return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(v -> {
      Map<String, Stats> stats = new LinkedHashMap<>();
      for (int i = 0; i < brokers.size(); i++) stats.put(brokers.get(i).path().toStringWithoutAddress(), asks.get(i).join());
      return StatusBuilder.build(stats, metrics.snapshot(), windowStart(), System.currentTimeMillis());
    });
  }

  void stop() {
    sampler.cancel();
  }
}
