package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/** The queue mode's order, as plain Java: who goes first once a slot is free. */
class LateBindingTest {
  private static final long S = 1_000_000_000L;
  private boolean freeSlot = true;
  private long nextId = 1;

  private AcceptedRequest request(AppType type, long submittedNanos) {
    long expected = type == AppType.LONG ? 5 * S : S;
    return new AcceptedRequest(nextId++, nextId, type, Approach.QUEUE, -1, null, null, submittedNanos, expected);
  }

  private LateBinding queue(boolean shortFirst) {
    return new LateBinding(shortFirst, 10 * S, () -> freeSlot);
  }

  private static List<Long> drain(LateBinding q, long now) {
    List<Long> ids = new ArrayList<>();
    for (AcceptedRequest r; (r = q.next(now)) != null; ) ids.add(r.jobId);
    return ids;
  }

  @Test
  void onlyQueueRequestsAreLateBound() {
    AcceptedRequest lc = new AcceptedRequest(1, 1, AppType.SHORT, Approach.LEAST_CONNECTIONS, -1, null, null, 0, S);
    assertFalse(LateBinding.isFor(lc));
    assertTrue(LateBinding.isFor(request(AppType.SHORT, 0)));
  }

  @Test
  void nothingLeavesWhileNoWorkerHasAFreeSlot() {
    LateBinding q = queue(true);
    q.add(request(AppType.SHORT, 0));
    freeSlot = false;
    assertNull(q.next(S));
    assertEquals(1, q.size());
    freeSlot = true;
    assertEquals(1, q.next(S).jobId);
    assertEquals(0, q.size());
  }

  @Test
  void shortFirstServesShortsBeforeLongsEachInArrivalOrder() {
    LateBinding q = queue(true);
    q.add(request(AppType.LONG, 0)); // 1
    q.add(request(AppType.SHORT, 1)); // 2
    q.add(request(AppType.LONG, 2)); // 3
    q.add(request(AppType.SHORT, 3)); // 4
    assertEquals(List.of(2L, 4L, 1L, 3L), drain(q, S));
  }

  @Test
  void withoutShortFirstTheOrderIsArrival() {
    LateBinding q = queue(false);
    q.add(request(AppType.LONG, 0));
    q.add(request(AppType.SHORT, 1));
    q.add(request(AppType.LONG, 2));
    assertEquals(List.of(1L, 2L, 3L), drain(q, S));
  }

  @Test
  void aLongPassedOverForMaxPassOverGoesBeforeTheShorts() {
    LateBinding q = queue(true);
    q.add(request(AppType.LONG, 0)); // 1
    q.add(request(AppType.SHORT, 9 * S)); // 2
    q.add(request(AppType.SHORT, 9 * S)); // 3
    assertEquals(2, q.next(10 * S - 1).jobId, "not yet passed over for 10 s");
    assertEquals(1, q.next(10 * S).jobId, "passed over for 10 s: it goes first");
    assertEquals(3, q.next(10 * S).jobId);
  }

  @Test
  void requestsThatWaitedTooLongAndADrainTakeThemOff() {
    LateBinding q = queue(true);
    q.add(request(AppType.LONG, 0));
    q.add(request(AppType.SHORT, 5 * S));
    q.add(request(AppType.SHORT, 6 * S));
    assertEquals(List.of(1L, 2L), q.submittedBy(5 * S).stream().map(r -> r.jobId).toList());
    assertEquals(1, q.size());
    assertEquals(List.of(3L), q.removeAll().stream().map(r -> r.jobId).toList());
    assertNull(q.next(7 * S));
  }
}
