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
  private int free = 6;
  private int total = 6;
  private long nextFreeAt = Long.MAX_VALUE; // when a running job is expected to end; MAX_VALUE: none runs
  private long nextId = 1;
  private final LateBinding.Slots slots = new LateBinding.Slots() {
    @Override
    public int free() {
      return free;
    }

    @Override
    public int total() {
      return total;
    }

    @Override
    public long nanosToNextFree(long nowNanos) {
      return nextFreeAt == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, nextFreeAt - nowNanos);
    }
  };

  private AcceptedRequest request(AppType type, long submittedNanos) {
    long expected = type == AppType.LONG ? 5 * S : S;
    return new AcceptedRequest(nextId++, nextId, type, Approach.QUEUE, -1, null, null, submittedNanos, expected);
  }

  private LateBinding queue(boolean shortFirst) {
    return queue(shortFirst, 0);
  }

  /** Keeps {@code reserved} slots for Shorts, unless a running job is expected to end within 1 s. */
  private LateBinding queue(boolean shortFirst, int reserved) {
    return new LateBinding(shortFirst, 10 * S, reserved, S, slots);
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
    free = 0;
    assertNull(q.next(S));
    assertEquals(1, q.size());
    free = 1;
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

  @Test
  void aLongLeavesTheReservedSlotToTheShortThatComesNext() {
    LateBinding q = queue(true, 1);
    q.add(request(AppType.LONG, 0)); // 1
    free = 2;
    assertEquals(1, q.next(0).jobId, "two free: the Long leaves one");
    q.add(request(AppType.LONG, S)); // 2
    free = 1;
    assertNull(q.next(S), "the last free slot is kept");
    q.add(request(AppType.SHORT, 2 * S)); // 3
    assertEquals(3, q.next(2 * S).jobId, "the Short takes it");
    assertEquals(1, q.size());
  }

  @Test
  void aLongTakesTheKeptSlotWhenAnotherIsExpectedToFreeWithinASecond() {
    LateBinding q = queue(true, 1);
    q.add(request(AppType.LONG, 0));
    free = 1;
    nextFreeAt = 5 * S;
    assertNull(q.next(4 * S - 1), "the next slot frees in just over a second: kept");
    assertEquals(1, q.next(4 * S).jobId, "a Short that comes now would wait a second at most");
  }

  @Test
  void aLongThatWaitedItsOwnExpectedTimeTakesAKeptSlot() {
    LateBinding q = queue(true, 1);
    q.add(request(AppType.LONG, 0));
    free = 1;
    assertNull(q.next(5 * S - 1));
    assertEquals(1, q.next(5 * S).jobId, "held back 5 s, as long as the job itself: it goes");
  }

  @Test
  void aLongPassedOverForMaxPassOverTakesAKeptSlotBeforeAnyShort() {
    LateBinding q = new LateBinding(true, 3 * S, 1, S, slots); // passed over for 3 s: before its own 5 s are up
    q.add(request(AppType.LONG, 0)); // 1
    q.add(request(AppType.SHORT, 2 * S)); // 2
    free = 1;
    assertEquals(2, q.next(2 * S).jobId);
    assertNull(q.next(3 * S - 1), "the last slot is kept");
    q.add(request(AppType.SHORT, 3 * S)); // 3
    assertEquals(1, q.next(3 * S).jobId, "passed over for 3 s: first, into the kept slot, before the Short");
  }

  @Test
  void noSlotIsKeptWithoutReservationWithoutShortFirstOrInAPoolNoLargerThanTheReservation() {
    free = 1;
    LateBinding none = queue(true, 0);
    none.add(request(AppType.LONG, 0));
    assertEquals(1, none.next(0).jobId);
    LateBinding arrivalOrder = queue(false, 1);
    arrivalOrder.add(request(AppType.LONG, 0));
    assertEquals(2, arrivalOrder.next(0).jobId);
    total = 1;
    LateBinding tiny = queue(true, 1);
    tiny.add(request(AppType.LONG, 0));
    assertEquals(3, tiny.next(0).jobId, "one slot in all: keeping it would only idle it");
  }

  @Test
  void workersWithoutASlotLimitNeverRunOutOfSlots() {
    free = Integer.MAX_VALUE;
    total = Integer.MAX_VALUE;
    LateBinding q = queue(true, 1);
    q.add(request(AppType.LONG, 0));
    assertEquals(1, q.next(0).jobId);
  }

  @Test
  void aRequestTakenBackGoesFirstIntoTheNextFreeSlotAndLeavesWithTheOthers() {
    LateBinding q = queue(true, 1);
    q.add(request(AppType.SHORT, 5 * S)); // 1
    AcceptedRequest back = request(AppType.LONG, 0); // 2, taken back from a lost worker
    q.addFirst(back);
    assertEquals(2, q.size());
    free = 0;
    assertNull(q.next(6 * S), "no free slot: it waits too");
    free = 1;
    assertEquals(2, q.next(6 * S).jobId, "before the Short, and into the last free slot");
    q.addFirst(back);
    assertEquals(List.of(2L), q.submittedBy(S).stream().map(r -> r.jobId).toList(), "it waited too long as well");
    q.addFirst(back);
    assertEquals(List.of(2L, 1L), q.removeAll().stream().map(r -> r.jobId).toList());
    assertEquals(0, q.size());
  }
}
