package pekkolb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every setting is checked when it is read; a bad one is named with its value and what is allowed. */
class LbSettingsTest {

  private static String rejection(String key, Object value) {
    return assertThrows(InvalidSetting.class, () -> TestSettings.settings(Map.of(key, value))).getMessage();
  }

  @Test
  void theShippedConfigurationIsValid() {
    LbSettings s = TestSettings.settings();
    assertEquals(Duration.ofSeconds(20), s.pendingTimeout());
    assertEquals(Duration.ofSeconds(30), s.askTimeout());
  }

  @Test
  void aBadValueIsNamedWithWhatIsAllowed() {
    assertEquals("invalid setting lb.routing.peak-ewma-decay = 0s (allowed: a duration > 0, e.g. 500ms or 30s)",
        rejection("lb.routing.peak-ewma-decay", "0s"));
    assertEquals("invalid setting lb.time-scale = 0 (allowed: a number > 0)", rejection("lb.time-scale", 0));
    assertEquals("invalid setting lb.worker.slots = -1 (allowed: a whole number >= 0)", rejection("lb.worker.slots", -1));
    assertEquals("invalid setting lb.gateway.port = 70000 (allowed: a whole number 0 .. 65535)",
        rejection("lb.gateway.port", 70000));
    assertEquals("invalid setting lb.broker.log-jobs = sometimes (allowed: on or off)", rejection("lb.broker.log-jobs", "sometimes"));
    assertEquals("invalid setting lb.routing.seed = abc (allowed: none or a whole number)", rejection("lb.routing.seed", "abc"));
    assertEquals("invalid setting lb.cluster.drain-timeout = -1s (allowed: a duration >= 0, e.g. 0s or 5s)",
        rejection("lb.cluster.drain-timeout", "-1s"));
  }

  @Test
  void theGatewaySizesItselfFromTheMachineUnlessToldOtherwise() {
    LbSettings.Gateway auto = TestSettings.settings().gateway();
    assertEquals(OsLimits.maxOpenFiles().orElse(2L * LbSettings.Gateway.FALLBACK_MAX_CONNECTIONS) / 2, auto.maxConnections());
    assertEquals(OsLimits.somaxconn().orElse(LbSettings.Gateway.FALLBACK_BACKLOG), auto.backlog());
    assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), auto.ioThreads());
    LbSettings.Gateway told = TestSettings.settings(Map.of("lb.gateway.max-connections", 100, "lb.gateway.backlog", 50,
        "lb.gateway.io-threads", 3)).gateway();
    assertEquals(List.of(100, 50, 3), List.of(told.maxConnections(), told.backlog(), told.ioThreads()));
    assertEquals("invalid setting lb.gateway.max-connections = lots (allowed: auto or a whole number >= 1)",
        rejection("lb.gateway.max-connections", "lots"));
    assertEquals("invalid setting lb.gateway.backlog = 0 (allowed: auto or a whole number >= 1)",
        rejection("lb.gateway.backlog", 0));
  }

  @Test
  void aValueOfTheWrongKindIsNamedToo() {
    assertEquals("invalid setting lb.broker.sweep-interval = soon (allowed: a duration > 0, e.g. 500ms or 30s)",
        rejection("lb.broker.sweep-interval", "soon"));
    assertEquals("invalid setting lb.gateway.parallelism = many (allowed: a whole number >= 1)",
        rejection("lb.gateway.parallelism", "many"));
    assertEquals("invalid setting lb.default-approach = fastest (allowed: round_robin, least_connections, random, "
        + "power_of_two, weighted_round_robin, peak_ewma, least_work, queue, prequal, hedged_least_connections, reported_weighted_round_robin)", rejection("lb.default-approach", "fastest"));
  }

  @Test
  void theQueueModeIsShortFirstWithASlotKeptByDefaultAndItsSettingsAreChecked() {
    LbSettings s = TestSettings.settings();
    assertEquals(new LbSettings.Queue(true, Duration.ofSeconds(10), 1, Duration.ofSeconds(1)), s.queue());
    assertEquals(false, TestSettings.settings(Map.of("lb.broker.queue.short-first", "off")).queue().shortFirst());
    assertEquals("invalid setting lb.broker.queue.short-first = maybe (allowed: on or off)",
        rejection("lb.broker.queue.short-first", "maybe"));
    assertEquals("invalid setting lb.broker.queue.max-pass-over = 0s (allowed: a duration > 0, e.g. 500ms or 30s)",
        rejection("lb.broker.queue.max-pass-over", "0s"));
    assertEquals("invalid setting lb.broker.queue.reserved-for-short = -1 (allowed: a whole number >= 0)",
        rejection("lb.broker.queue.reserved-for-short", -1));
    assertEquals("invalid setting lb.broker.queue.reserved-unless-free-within = soon (allowed: a duration >= 0, e.g. 0s or 5s)",
        rejection("lb.broker.queue.reserved-unless-free-within", "soon"));
    assertEquals(0, TestSettings.settings(Map.of("lb.broker.queue.reserved-for-short", "0")).queue().reservedForShort());
  }

  @Test
  void theResilienceSettingsAreChecked() {
    assertEquals("invalid setting lb.broker.retry-budget = 1.5 (allowed: a fraction > 0 and <= 1)",
        rejection("lb.broker.retry-budget", 1.5));
    assertEquals("invalid setting lb.broker.ejection.latency-factor = 1 (allowed: a number > 1)",
        rejection("lb.broker.ejection.latency-factor", 1));
    assertEquals("invalid setting lb.broker.ejection.max-share = 0 (allowed: a number > 0)",
        rejection("lb.broker.ejection.max-share", 0));
    assertEquals("invalid setting lb.broker.ejection.slow-start = -1s (allowed: a duration >= 0, e.g. 0s or 5s)",
        rejection("lb.broker.ejection.slow-start", "-1s"));
    ResilienceSettings r = TestSettings.settings(Map.of("lb.broker.ejection.enabled", "on")).resilience();
    assertEquals(true, r.ejection().enabled());
    assertEquals(0.05, r.hedgeBudget());
  }

  @Test
  void aWeightBelowOneIsRefused() {
    assertEquals("invalid setting lb.routing.weights.Worker-1 = 0 (allowed: a whole number >= 1)",
        rejection("lb.routing.weights.\"Worker-1\"", 0));
  }

  @Test
  void thePendingTimeoutMustEndBeforeTheClientsAsk() {
    assertEquals("invalid setting lb.broker.pending-timeout = 30s (allowed: shorter than lb.client.ask-timeout (30s) "
        + "once scaled by lb.time-scale (1.0))", rejection("lb.broker.pending-timeout", "30s"));
    // Scaled: 30 s of pending time at time-scale 0.5 is 15 s, well inside the 30 s ask.
    assertEquals(Duration.ofSeconds(30),
        TestSettings.settings(Map.of("lb.broker.pending-timeout", "30s", "lb.time-scale", 0.5)).pendingTimeout());
  }
}
