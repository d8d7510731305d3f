package pekkolb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pool's bookkeeping without actors: windows, the bounded queue, failover and first-answer-wins. */
class PoolStateTest {
  private static final long TIMEOUT = 1_000;
  private static final long QUEUE_TIMEOUT = 5_000;

  private final PoolState<String, String> pool = new PoolState<>(3, TIMEOUT, QUEUE_TIMEOUT);

  private static Map<String, Long> perBroker(List<PoolState.Send<String, String>> sends) {
    return sends.stream().collect(Collectors.groupingBy(PoolState.Send::broker, Collectors.counting()));
  }

  @Test
  void neverMoreThanTheWindowAtABrokerAndTheRestWaitsInTheQueue() {
    assertEquals(List.of("A"), pool.listed(List.of("A"), List.of("A"), 0));
    pool.connected("A", 2);
    List<PoolState.Send<String, String>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      assertNotNull(pool.accept("r" + i, 0));
      sent.addAll(pool.pump(0));
    }
    assertEquals(2, sent.size(), "the window of 2");
    assertEquals(3, pool.queued());
    assertNull(pool.accept("r5", 0), "the queue (3) is full: rejected at once, not lost");
    assertEquals(PoolState.Kind.ANSWER, pool.reply(sent.get(0).wireId(), false, null).kind());
    List<PoolState.Send<String, String>> next = pool.pump(0);
    assertEquals(1, next.size(), "one answer frees one place");
    assertEquals("r2", next.get(0).request().payload, "in arrival order");
  }

  @Test
  void nothingIsSentToABrokerBeforeItGrantsAWindow() {
    pool.listed(List.of("A"), List.of("A"), 0);
    pool.accept("r0", 0);
    assertTrue(pool.pump(0).isEmpty());
    assertEquals(List.of("A"), pool.unconnected());
    pool.connected("A", 5);
    assertEquals(1, pool.pump(0).size());
    pool.connected("gone", 5); // a Connected from a broker no longer listed changes nothing
    assertEquals(1, pool.connectedBrokers());
  }

  @Test
  void requestsSpreadToTheBrokerWithFewestOutstandingTiesInRotation() {
    PoolState<String, String> big = new PoolState<>(100, TIMEOUT, QUEUE_TIMEOUT);
    big.listed(List.of("A", "B", "C"), List.of("A", "B", "C"), 0);
    for (String b : List.of("A", "B", "C")) big.connected(b, 10);
    for (int i = 0; i < 9; i++) big.accept("r" + i, 0);
    List<PoolState.Send<String, String>> sent = big.pump(0);
    assertEquals(Map.of("A", 3L, "B", 3L, "C", 3L), perBroker(sent));
    assertEquals(List.of("A", "B", "C", "A"), sent.subList(0, 4).stream().map(PoolState.Send::broker).toList());
    // B answers two: the next two go to B, which now has the fewest.
    for (PoolState.Send<String, String> s : sent) if (s.broker().equals("B")) big.reply(s.wireId(), false, null);
    big.accept("x", 0);
    big.accept("y", 0);
    assertEquals(Map.of("B", 2L), perBroker(big.pump(0)));
  }

  /** r0 is sent to A (B not yet connected), then A leaves the listing: r0 is sent to B. Returns both sends. */
  private List<PoolState.Send<String, String>> sentToAThenToBWhenALeaves() {
    PoolState.Send<String, String> atA = r0SentToA(1);
    assertEquals("A", atA.broker());
    pool.connected("B", 1);
    pool.listed(List.of("B"), List.of("A", "B"), 0); // A unreachable: listed, but not among the reachable
    assertEquals(1, pool.resubmitted);
    PoolState.Send<String, String> atB = pool.pump(0).get(0);
    assertEquals("B", atB.broker());
    assertEquals(atA.request(), atB.request());
    return List.of(atA, atB);
  }

  @Test
  void aLostBrokersRequestsGoToAnotherAndTheFirstAnswerWinsTheLateOneIsCounted() {
    List<PoolState.Send<String, String>> sends = sentToAThenToBWhenALeaves();
    PoolState.Send<String, String> atA = sends.get(0);
    PoolState.Send<String, String> atB = sends.get(1);

    PoolState.Outcome<String> first = pool.reply(atB.wireId(), false, null);
    assertEquals(PoolState.Kind.ANSWER, first.kind());
    assertEquals("r0", first.request().payload);
    assertEquals(PoolState.Kind.DUPLICATE, pool.reply(atA.wireId(), false, null).kind(), "A answers late after all");
    assertEquals(1, pool.duplicates);
    assertEquals(0, pool.owed());
  }

  @Test
  void aLostBrokersLateAnswerStillWinsIfItComesFirst() {
    List<PoolState.Send<String, String>> sends = sentToAThenToBWhenALeaves();
    PoolState.Send<String, String> atA = sends.get(0);
    PoolState.Send<String, String> atB = sends.get(1);
    assertEquals(PoolState.Kind.ANSWER, pool.reply(atA.wireId(), false, null).kind());
    assertEquals(PoolState.Kind.DUPLICATE, pool.reply(atB.wireId(), false, null).kind());
    assertEquals(0, pool.outstandingAt("B"), "B's answer freed its window place");
  }

  /** A and B listed, only A connected (with this window), r0 sent to A. */
  private PoolState.Send<String, String> r0SentToA(int window) {
    pool.listed(List.of("A", "B"), List.of("A", "B"), 0);
    pool.connected("A", window);
    pool.accept("r0", 0);
    return pool.pump(0).get(0);
  }

  @Test
  void aHandBackGoesToAnotherBrokerAndTheDrainingOneGetsNoMore() {
    PoolState.Send<String, String> atA = r0SentToA(5);
    assertEquals(PoolState.Kind.HANDED_BACK, pool.reply(atA.wireId(), true, "draining").kind());
    assertTrue(pool.pump(0).isEmpty(), "A is draining and B has not connected: it waits");
    pool.connected("B", 5);
    PoolState.Send<String, String> atB = pool.pump(0).get(0);
    assertEquals("B", atB.broker());
    pool.accept("r1", 0);
    assertEquals("B", pool.pump(0).get(0).broker());
    assertEquals(1, pool.handedBack);
  }

  @Test
  void aHandBackFromTheOnlyListedBrokerEndsTheRequestAtOnce() {
    pool.listed(List.of("A"), List.of("A"), 0);
    pool.connected("A", 5);
    pool.accept("r0", 0);
    PoolState.Send<String, String> atA = pool.pump(0).get(0);
    assertEquals(PoolState.Kind.NO_BROKER_LEFT, pool.reply(atA.wireId(), true, "draining").kind());
    assertEquals(0, pool.owed(), "finished: nothing to wait for");
    assertEquals(0, pool.queued());
    assertEquals(PoolState.Kind.DUPLICATE, pool.reply(atA.wireId(), false, null).kind(), "a late answer is a duplicate");
  }

  @Test
  void aBrokerThatLeavesTheListingIsAwaitedForAGraceThenItsRequestsGoElsewhere() {
    PoolState.Send<String, String> atA = r0SentToA(1);
    pool.connected("B", 1);
    pool.listed(List.of("B"), List.of("B"), 100); // A deregistered (draining): it may still answer
    pool.accept("r1", 100);
    assertEquals("B", pool.pump(0).get(0).broker(), "nothing new for A");
    pool.unlistedTooLong(599, 500);
    assertEquals(0, pool.resubmitted, "within the grace A's request stays with A");
    pool.unlistedTooLong(600, 500);
    assertEquals(1, pool.resubmitted);
    assertEquals(1, pool.queued(), "r0 waits for B's window");
    assertEquals(PoolState.Kind.ANSWER, pool.reply(atA.wireId(), false, null).kind(), "A's answer still wins");
    assertTrue(pool.pump(0).isEmpty(), "answered: not sent again");
  }

  @Test
  void aSendNotAnsweredInTimeExpiresOnceAndFreesItsPlaceInTheWindow() {
    pool.listed(List.of("A"), List.of("A"), 0);
    pool.connected("A", 1);
    pool.accept("sent", 0);
    PoolState.Send<String, String> s = pool.pump(0).get(0);
    pool.accept("queued", 10);
    assertTrue(pool.pump(10).isEmpty(), "A's window (1) is full");
    assertTrue(pool.expired(TIMEOUT - 1).isEmpty());
    assertEquals(List.of("sent"), payloads(pool.expired(TIMEOUT)));
    assertTrue(pool.expired(TIMEOUT + 10).isEmpty(), "a queued request waits for a window while a broker is there");
    PoolState.Send<String, String> next = pool.pump(TIMEOUT + 10).get(0);
    assertEquals("queued", next.request().payload, "the timed-out send freed A's window");
    assertEquals(PoolState.Kind.DUPLICATE, pool.reply(s.wireId(), false, null).kind(), "the late answer");
    assertEquals(1, pool.outstandingAt("A"));
    assertTrue(pool.expired(2 * TIMEOUT + 9).isEmpty(), "the second send has its own deadline");
    assertEquals(List.of("queued"), payloads(pool.expired(2 * TIMEOUT + 10)));
    assertTrue(pool.expired(10 * TIMEOUT).isEmpty(), "nothing expires twice");
  }

  @Test
  void aRequestWaitingForRoomTimesOutAfterTheQueueTimeoutSayingSo() {
    pool.listed(List.of("A"), List.of("A"), 0);
    pool.connected("A", 1);
    pool.accept("first", 0);
    pool.pump(0);
    pool.accept("waiting", 0);
    pool.reply(-42, false, null); // nothing frees A's window
    assertTrue(pool.expired(QUEUE_TIMEOUT - 1).stream().noneMatch(r -> r.payload.equals("waiting")));
    List<PendingRequest<String>> out = pool.expired(QUEUE_TIMEOUT);
    assertEquals(List.of("waiting"), payloads(out));
    assertTrue(out.get(0).expiredInQueue, "told it waited for room, not that a broker was silent");
  }

  @Test
  void aQueuedRequestTimesOutWhenNoBrokerCanTakeIt() {
    pool.accept("alone", 0);
    assertTrue(pool.expired(TIMEOUT - 1).isEmpty());
    assertEquals(List.of("alone"), payloads(pool.expired(TIMEOUT)));
    assertEquals(0, pool.queued());
    assertEquals(0, pool.owed());
  }

  private static List<String> payloads(List<PendingRequest<String>> requests) {
    return requests.stream().map(r -> r.payload).toList();
  }

  @Test
  void anAnswerFromAnUnknownSendIsACountedDuplicate() {
    Function<Long, PoolState.Kind> reply = id -> pool.reply(id, false, null).kind();
    assertEquals(PoolState.Kind.DUPLICATE, reply.apply(42L));
    assertEquals(1, pool.duplicates);
  }
}
