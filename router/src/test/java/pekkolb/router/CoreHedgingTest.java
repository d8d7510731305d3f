package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.router.CoreHarness.MS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerCore.Outcome;
import pekkolb.router.CoreHarness.Hedge;
import pekkolb.router.CoreHarness.Sent;

/**
 * Hedged requests in the core: a second copy after the quantile of recent latencies, on another
 * routee; the first success wins, the other copy is abandoned; a budget bounds the copies.
 */
class CoreHedgingTest {

  /** A balancer whose one lane is hedged after the p90, over {@code routees} routees, with hedges limited to {@code burst} tokens. */
  private static CoreHarness hedged(int routees, int burst) {
    BalancerSettings s = BalancerSettings.defaults()
        .withRetries(new Retries(3, 0.0, burst, 0.1, 3))
        .withHedging(new Hedging(0.0, 0.9));
    CoreHarness h = new CoreHarness(s, new Lane("hedged", Policies.roundRobin(), true, false));
    List<String> names = new ArrayList<>();
    for (int i = 1; i <= routees; i++) names.add("worker-" + i);
    h.list(names.toArray(String[]::new));
    return h;
  }

  /** 64 requests answered one by one in 1, 2, ..., 64 ms: enough for the quantile (the p90 is 58 ms). */
  private static void warmUp(CoreHarness h) {
    for (int i = 1; i <= 64; i++) {
      h.submit("warm-" + i);
      h.now += i * MS;
      assertTrue(h.reply(h.last()));
    }
    assertTrue(h.hedges.isEmpty(), "nothing is hedged before the quantile is known");
  }

  /** Submits {@code request} and lets its hedge fall due: returns {first, copy}. */
  private static Sent[] hedge(CoreHarness h, String request) {
    h.submit(request);
    Sent first = h.last();
    Hedge due = h.hedges.get(h.hedges.size() - 1);
    assertEquals(first.id(), due.id());
    h.now += due.delayNanos();
    h.core.hedgeDue(due.id(), due.attempt(), h.now);
    Sent copy = h.last();
    assertNotEquals(first, copy, "a copy went out");
    return new Sent[] {first, copy};
  }

  @Test
  void aCopyIsTimedAtTheQuantileOfRecentLatencies() {
    CoreHarness h = hedged(2, 10);
    warmUp(h);
    h.submit("a");
    assertEquals(List.of(new Hedge(h.last().id(), 1, 58 * MS)), h.hedges);
  }

  @Test
  void theCopyAvoidsTheFirstsRouteeAndTheFirstSuccessWinsWhileTheOtherIsAbandoned() {
    CoreHarness h = hedged(3, 10);
    warmUp(h);
    Sent[] pair = hedge(h, "a");
    assertEquals("a", pair[1].request());
    assertNotEquals(pair[0].routee(), pair[1].routee());
    assertEquals(1, h.core.hedged());
    assertEquals(2, h.core.inFlight());
    assertTrue(h.failed.isEmpty());

    assertTrue(h.reply(pair[1]));
    assertEquals(List.of("a"), h.answeredRequests().subList(64, 65));
    assertEquals(pair[1].routee(), h.answered.get(64).routee());
    assertEquals(1, h.core.hedgesWon());
    assertEquals(0, h.core.held(), "the first copy is abandoned");
    assertEquals(0, h.inFlightAt(pair[0].routee()));
    assertFalse(h.reply(pair[0]), "its reply, when it comes, is dropped");
    assertEquals(65, h.answered.size());
  }

  @Test
  void whenTheFirstWinsTheCopyIsAbandoned() {
    CoreHarness h = hedged(2, 10);
    warmUp(h);
    Sent[] pair = hedge(h, "a");
    assertTrue(h.reply(pair[0]));
    assertEquals(0, h.core.hedgesWon());
    assertEquals(0, h.core.held());
    assertFalse(h.reply(pair[1]));
    assertEquals(65, h.answered.size());
  }

  @Test
  void aCopysFailureWhileItsTwinRunsIsDroppedAndTheTwinIsAnswered() {
    CoreHarness h = hedged(2, 10);
    warmUp(h);
    Sent[] pair = hedge(h, "a");
    assertTrue(h.reply(pair[1], Outcome.FAILED), "taken, but not passed on");
    assertEquals(64, h.answered.size());
    assertEquals(1, h.core.held());
    assertTrue(h.reply(pair[0]));
    assertEquals("a", h.answered.get(64).request());

    Sent[] second = hedge(h, "b");
    assertTrue(h.reply(second[0], Outcome.ROUTEE_FAULT), "the first's fault while the copy runs: dropped, not retried");
    assertEquals(4, h.sentOf("a").size() + h.sentOf("b").size(), "no third dispatch");
    assertTrue(h.reply(second[1]));
    assertEquals("b", h.answered.get(65).request());
    assertTrue(h.failed.isEmpty());
  }

  @Test
  void aRequestAnsweredBeforeItsHedgeIsDueIsNotCopied() {
    CoreHarness h = hedged(2, 10);
    warmUp(h);
    h.submit("a");
    Hedge due = h.hedges.get(0);
    h.reply(h.last());
    h.now += due.delayNanos();
    h.core.hedgeDue(due.id(), due.attempt(), h.now);
    assertEquals(65, h.sent.size());
    assertEquals(0, h.core.hedged());
  }

  @Test
  void withOneRouteeNothingIsHedged() {
    CoreHarness h = hedged(1, 10);
    warmUp(h);
    h.submit("a");
    Hedge due = h.hedges.get(0);
    h.core.hedgeDue(due.id(), due.attempt(), h.now + due.delayNanos());
    assertEquals(65, h.sent.size());
  }

  @Test
  void theBudgetBoundsTheCopies() {
    CoreHarness h = hedged(2, 1); // one token, never refilled (a share of 0)
    warmUp(h);
    Sent[] pair = hedge(h, "a");
    h.reply(pair[0]);
    h.submit("b");
    Hedge due = h.hedges.get(h.hedges.size() - 1);
    h.core.hedgeDue(due.id(), due.attempt(), h.now + due.delayNanos());
    assertEquals(1, h.sentOf("b").size(), "the budget is spent");
    assertEquals(1, h.core.hedged());
  }

  @Test
  void releaseAllHandsAHedgedPairBackOnce() {
    CoreHarness h = hedged(2, 10);
    warmUp(h);
    hedge(h, "a");
    h.submit("b");
    List<String> released = new ArrayList<>();
    h.core.releaseAll(h.now, (request, tag) -> released.add(request));
    assertEquals(List.of("a", "b"), released.stream().sorted().toList());
    assertEquals(0, h.core.held());
  }
}
