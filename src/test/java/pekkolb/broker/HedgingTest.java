package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/** Hedging's own rules, without actors: when a type is hedged, which request gets a copy, the budget. */
class HedgingTest {
  private static final long MS = 1_000_000;

  private static AcceptedRequest request(long jobId) {
    AcceptedRequest r = new AcceptedRequest(jobId, jobId, AppType.SHORT, Approach.HEDGED_LEAST_CONNECTIONS, 100, null, null, 0, 100_000_000L);
    r.attempt = 1;
    return r;
  }

  @Test
  void theDelayIsTheTypesP95OnceEnoughAnswersAreIn() {
    Hedging h = new Hedging(new ShareBudget(0.05, 10));
    for (int i = 1; i <= 63; i++) h.observe(AppType.SHORT, i * MS);
    assertEquals(0, h.delayNanos(AppType.SHORT), "not hedged before enough answers");
    h.observe(AppType.SHORT, 64 * MS); // 64 answers: 1..64 ms, p95 = the 61st
    assertEquals(61 * MS, h.delayNanos(AppType.SHORT));
    assertEquals(0, h.delayNanos(AppType.LONG), "each type has its own");
  }

  @Test
  void aCopyGoesOnlyForAFirstDispatchStillRunningWithASecondWorkerAndATokenLeft() {
    Hedging h = new Hedging(new ShareBudget(0.05, 1));
    AcceptedRequest r = request(1);
    assertNull(h.copyFor(new Hedging.Due(1, 1), r, 1, 100), "no second worker");
    assertNull(h.copyFor(new Hedging.Due(1, 2), r, 3, 100), "re-dispatched since");
    assertNull(h.copyFor(new Hedging.Due(1, 1), null, 3, 100), "answered already");
    AcceptedRequest copy = h.copyFor(new Hedging.Due(1, 1), r, 3, 100);
    assertNotNull(copy);
    assertEquals(100, copy.jobId);
    assertEquals(r.requestId, copy.requestId);
    assertSame(r.race, copy.race);
    assertNull(h.copyFor(new Hedging.Due(1, 1), r, 3, 101), "hedged once only");
    assertNull(h.copyFor(new Hedging.Due(2, 1), request(2), 3, 101), "the burst of one token is spent");
    for (int i = 0; i < 20; i++) h.requested(); // 20 hedged requests at 5%: one more token
    assertNotNull(h.copyFor(new Hedging.Due(3, 1), request(3), 3, 102));
    assertEquals(2, h.hedged());
    h.won(copy.race, copy);
    assertEquals(1, h.copiesWon());
  }
}
