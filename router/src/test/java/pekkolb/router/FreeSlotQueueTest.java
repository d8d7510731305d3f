package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.router.CoreHarness.S;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pekkolb.router.CoreHarness.Sent;

/**
 * Late binding through the core: requests of a lane that waits for a free slot leave only when a
 * routee has one, in the {@link FreeSlotQueue}'s order. "L" requests are expected to take 5 s, "S" ones 1 s.
 */
class FreeSlotQueueTest {
  private static final long LONG = 5 * S;
  private static final long SHORT = S;

  /** Shortest first or not; passed over for at most {@code maxPassOver}; {@code reserved} slots kept for short requests unless one frees within 1 s. */
  private static FreeSlotQueue order(boolean shortestFirst, Duration maxPassOver, int reserved) {
    return new FreeSlotQueue(shortestFirst, maxPassOver, Duration.ofSeconds(1), reserved, Duration.ofSeconds(1));
  }

  /** One routee per entry of {@code slots}, each with that many slots (0: no limit). */
  private static CoreHarness late(FreeSlotQueue order, BalancerSettings base, int... slots) {
    CoreHarness h = new CoreHarness(base.withFreeSlotQueue(order), new Lane("late", Policies.leastWork(), false, true));
    String[] names = new String[slots.length];
    for (int i = 0; i < slots.length; i++) names[i] = "worker-" + (i + 1);
    h.list(names);
    for (int i = 0; i < slots.length; i++) h.core.capacity(CoreHarness.ref(names[i]), slots[i], 1.0, 0, h.now);
    return h;
  }

  private static CoreHarness late(FreeSlotQueue order, int... slots) {
    return late(order, BalancerSettings.defaults(), slots);
  }

  private static void submit(CoreHarness h, String request) {
    h.submit(request, 0, request.startsWith("L") ? LONG : SHORT);
  }

  /** Answers whatever was sent last; returns what went out then, in order. */
  private static List<String> replyToLast(CoreHarness h) {
    int before = h.sent.size();
    h.reply(h.last());
    return h.sent.subList(before, h.sent.size()).stream().map(Sent::request).toList();
  }

  @Test
  void nothingLeavesWhileNoRouteeHasAFreeSlot() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 0), 1);
    submit(h, "L-running");
    submit(h, "S1");
    assertEquals(1, h.sent.size());
    assertEquals(1, h.core.waitingCount());
    assertEquals(List.of("S1"), replyToLast(h));
    assertEquals(0, h.core.waitingCount());
  }

  /** With one slot taken, {@code requests} queue one after the other; the order they go out in as the slot frees again and again. */
  private static String orderOut(FreeSlotQueue order, List<String> requests) {
    CoreHarness h = late(order, 1);
    submit(h, "L-running");
    for (String r : requests) {
      h.now += 1;
      submit(h, r);
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < requests.size(); i++) out.append(replyToLast(h));
    return out.toString();
  }

  @Test
  void shortestFirstServesShortBeforeLongEachInArrivalOrder() {
    assertEquals("[S2][S4][L1][L3]", orderOut(order(true, Duration.ofSeconds(10), 0), List.of("L1", "S2", "L3", "S4")));
  }

  @Test
  void inArrivalOrderTheOldestGoesFirst() {
    assertEquals("[L1][S2][L3]", orderOut(FreeSlotQueue.inArrivalOrder(), List.of("L1", "S2", "L3")));
  }

  @Test
  void aLongPassedOverForMaxPassOverGoesBeforeTheShorts() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 0), 1);
    long t0 = h.now;
    submit(h, "L-running");
    submit(h, "L1");
    h.now = t0 + 9 * S;
    submit(h, "S2");
    submit(h, "S3");
    h.now = t0 + 10 * S - 1;
    assertEquals(List.of("S2"), replyToLast(h), "not yet passed over for 10 s");
    h.now = t0 + 10 * S;
    assertEquals(List.of("L1"), replyToLast(h), "passed over for 10 s: it goes first");
    assertEquals(List.of("S3"), replyToLast(h));
  }

  @Test
  void requestsThatWaitedTooLongFailAndReleaseAllTakesTheRest() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 0), BalancerSettings.defaults().withWaitQueue(100, Duration.ofSeconds(6)), 1);
    long t0 = h.now;
    submit(h, "L-running");
    submit(h, "L1");
    h.now = t0 + 5 * S;
    submit(h, "S2");
    h.now = t0 + 6 * S;
    submit(h, "S3");
    h.sweep();
    assertEquals(List.of("L1"), h.failed.stream().map(CoreHarness.Failed::request).toList());
    assertEquals(Failure.Reason.NO_ROOM_IN_TIME, h.failed.get(0).failure().reason());
    h.now = t0 + 11 * S;
    h.sweep();
    assertEquals(List.of("L1", "S2"), h.failed.stream().map(CoreHarness.Failed::request).toList());
    List<String> released = new java.util.ArrayList<>();
    h.core.releaseAll(h.now, (r, tag) -> released.add(r));
    assertEquals(List.of("L-running", "S3"), released.stream().sorted().toList());
    assertEquals(0, h.core.waitingCount());
  }

  @Test
  void aLongLeavesTheReservedSlotToTheShortThatComesNext() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 1), 3);
    submit(h, "L-running");
    submit(h, "L1");
    assertEquals(2, h.sent.size(), "two free: the long one leaves one");
    submit(h, "L2");
    assertEquals(2, h.sent.size(), "the last free slot is kept");
    submit(h, "S3");
    assertEquals("S3", h.last().request(), "the short one takes it");
    assertEquals(1, h.core.waitingCount());
  }

  @Test
  void aLongTakesTheKeptSlotWhenAnotherIsExpectedToFreeWithinASecond() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 1), 2);
    long t0 = h.now;
    submit(h, "L-running"); // expected to end at t0 + 5 s
    h.now = t0 + S / 2;
    submit(h, "L1");
    h.now = t0 + 4 * S - 1;
    h.sweep();
    assertEquals(1, h.sent.size(), "the next slot frees in just over a second: kept");
    h.now = t0 + 4 * S;
    h.sweep();
    assertEquals("L1", h.last().request(), "a short one that came now would wait a second at most");
  }

  @Test
  void aLongThatWaitedItsOwnExpectedWorkTakesAKeptSlot() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 1), 2);
    h.submit("running", 0, 60 * S); // no slot frees for a minute
    long t0 = h.now;
    submit(h, "L1");
    assertEquals(1, h.sent.size(), "the last free slot is kept");
    h.now = t0 + LONG - 1;
    h.sweep();
    assertEquals(1, h.sent.size());
    h.now = t0 + LONG;
    h.sweep();
    assertEquals("L1", h.last().request(), "held back 5 s, as long as its own work: it goes");
  }

  @Test
  void aLongPassedOverForMaxPassOverTakesAKeptSlotBeforeAnyShort() {
    CoreHarness h = late(order(true, Duration.ofSeconds(3), 1), 2);
    long t0 = h.now;
    submit(h, "L-running");
    submit(h, "L1"); // kept out of the last slot
    h.now = t0 + 2 * S;
    submit(h, "S2");
    assertEquals("S2", h.last().request());
    h.reply(h.last());
    h.now = t0 + 3 * S - 1;
    h.sweep();
    assertEquals("S2", h.last().request(), "the last slot is kept");
    h.now = t0 + 3 * S;
    submit(h, "S3");
    assertEquals("L1", h.sent.get(h.sent.size() - 1).request(), "passed over for 3 s: first, into the kept slot, before the short one");
    assertEquals(1, h.core.waitingCount());
  }

  @Test
  void noSlotIsKeptWithoutAReservationInArrivalOrderOrWhenTheSlotsAreNoMoreThanTheReservation() {
    CoreHarness none = late(order(true, Duration.ofSeconds(10), 0), 2);
    submit(none, "L-running");
    submit(none, "L1");
    assertEquals("L1", none.last().request());

    CoreHarness arrival = late(new FreeSlotQueue(false, Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)), 2);
    submit(arrival, "L-running");
    submit(arrival, "L1");
    assertEquals("L1", arrival.last().request());

    CoreHarness tiny = late(order(true, Duration.ofSeconds(10), 1), 1);
    submit(tiny, "L1");
    assertEquals("L1", tiny.last().request(), "one slot in all: keeping it would only idle it");
  }

  @Test
  void routeesWithoutASlotLimitNeverRunOutOfSlots() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 1), 0);
    for (int i = 0; i < 5; i++) submit(h, "L" + i);
    assertEquals(5, h.sent.size());
  }

  @Test
  void aRequestTakenBackGoesFirstIntoTheNextFreeSlot() {
    CoreHarness h = late(order(true, Duration.ofSeconds(10), 0), BalancerSettings.defaults().withRetries(Retries.defaults()), 1, 1);
    submit(h, "L-a");
    submit(h, "L-b");
    submit(h, "S1"); // waits: both slots are taken
    String lostOn = h.lastSentOf("L-a").routee();
    h.core.stopped(CoreHarness.ref(lostOn), h.now);
    assertEquals(2, h.core.waitingCount(), "L-a is back in the queue, with S1");
    assertEquals(List.of("L-a"), replyToLast(h), "before the short one, into the next free slot");
    assertEquals(2, h.lastSentOf("L-a").attempt());
    assertTrue(h.failed.isEmpty());
  }
}
