package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.router.CoreHarness.MS;
import static pekkolb.router.CoreHarness.S;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerCore.Outcome;
import pekkolb.router.CoreHarness.Sent;

/**
 * The balancer's core as plain Java: the test is its owner, hands it the time on every call and
 * reads back what it asked for (dispatches, answers, failures). Each request ends in exactly one
 * answer or one failure; the tests count both.
 */
class BalancerCoreTest {

  private static BalancerSettings settings() {
    return BalancerSettings.defaults();
  }

  /** Retries with a burst of {@code burst} tokens that never refill, {@code maxAttempts} attempts, and a roomy overdue budget. */
  private static Retries retries(int maxAttempts, int burst) {
    return new Retries(maxAttempts, 0.0, burst, 1.0, 100);
  }

  // ---- the path of one request --------------------------------------------------------------------

  @Test
  void aRequestGoesOutAtOnceAndItsReplyIsAnsweredOnce() {
    CoreHarness h = new CoreHarness(settings());
    h.list("worker-1", "worker-2");
    assertEquals(List.of("worker-1", "worker-2"), h.greeted.stream().sorted().toList(), "each routee found is greeted (watched)");
    assertNull(h.submit("a"));
    Sent a = h.last();
    assertEquals(new Sent("worker-1", a.id(), 1, "a"), a);
    assertEquals(1, h.inFlightAt("worker-1"));
    assertEquals(1, h.core.held());
    assertEquals(1, h.core.sequence(a.id()));

    h.now += 3 * MS;
    assertTrue(h.reply(a));
    assertEquals(1, h.answered.size());
    CoreHarness.Answered answer = h.answered.get(0);
    assertEquals("a", answer.request());
    assertEquals(1, answer.tag(), "the owner's tag comes back");
    assertEquals("re:a", answer.reply());
    assertEquals("worker-1", answer.routee());
    assertEquals(3 * MS, answer.elapsedNanos());
    assertEquals(0, h.inFlightAt("worker-1"));
    assertEquals(0, h.core.held());
    assertEquals(1, h.core.routee(CoreHarness.ref("worker-1")).completed());

    assertFalse(h.reply(a), "a second reply finds nothing");
    assertEquals(1, h.answered.size());
    assertEquals(0, h.core.sequence(a.id()), "not held any more");
    assertTrue(h.failed.isEmpty());
  }

  @Test
  void inFlightCountsAreExactAsRepliesComeBack() {
    CoreHarness h = new CoreHarness(settings(), Policies.leastConnections());
    h.list("worker-1", "worker-2", "worker-3");
    for (int i = 0; i < 6; i++) h.submit("r" + i);
    for (String w : List.of("worker-1", "worker-2", "worker-3")) assertEquals(2, h.inFlightAt(w), w);
    for (Sent s : new ArrayList<>(h.sent)) if (s.routee().equals("worker-2")) h.reply(s);
    assertEquals(0, h.inFlightAt("worker-2"));
    assertEquals(4, h.core.inFlight());
    assertEquals(4, h.core.status(h.now).inFlight());
    h.submit("x");
    h.submit("y");
    assertEquals(List.of("worker-2", "worker-2"), h.sentTo().subList(6, 8), "the emptied routee takes the next two");
    BalancerStatus status = h.core.status(h.now);
    assertEquals(List.of(2, 2, 2), status.routees().stream().map(BalancerStatus.RouteeStatus::inFlight).toList());
    assertEquals(List.of(0L, 2L, 0L), status.routees().stream().map(BalancerStatus.RouteeStatus::replied).toList());
  }

  // ---- limits and the wait queue -------------------------------------------------------------------

  @Test
  void aRouteeAtItsLimitGetsNoMoreAndTheOldestWaitingGoesWhenRoomFrees() {
    CoreHarness h = new CoreHarness(settings().withMaxInFlightPerRoutee(1).withWaitQueue(2, Duration.ofSeconds(10)));
    h.list("worker-1", "worker-2");
    for (String r : List.of("a", "b", "c", "d")) assertNull(h.submit(r));
    assertEquals(List.of("worker-1", "worker-2"), h.sentTo());
    assertEquals(2, h.core.waitingCount());
    Failure full = h.submit("e");
    assertEquals(Failure.Reason.OVERLOADED, full.reason(), "the wait queue is full");
    assertTrue(h.failed.isEmpty(), "a refusal is returned to the owner, not failed through the effects");
    assertEquals(List.of("failed e OVERLOADED"), h.heard("failed"));

    h.reply(h.lastSentOf("b"));
    assertEquals(new Sent("worker-2", h.last().id(), 1, "c"), h.last(), "the oldest waiting, to the routee with room");
    assertEquals(1, h.core.waitingCount());
    assertEquals(1, h.inFlightAt("worker-2"));
  }

  @Test
  void withoutRouteesRequestsWaitUpToTheirOwnCapacityAndGoWhenOneIsListed() {
    CoreHarness h = new CoreHarness(settings().withWaitQueue(5, Duration.ofSeconds(10)).withWaitQueueWithoutRoutees(1));
    assertNull(h.submit("a"));
    assertEquals(Failure.Reason.NO_ROUTEE, h.submit("b").reason());
    assertEquals(1, h.core.held());
    h.list("worker-1");
    assertEquals(List.of("a"), h.sent.stream().map(Sent::request).toList());
    assertNull(h.submit("b"), "with a routee the larger capacity holds");
  }

  @Test
  void atMostMaxHeldRequestsAreHeldInFlightAndWaitingTogether() {
    CoreHarness h = new CoreHarness(settings().withMaxHeld(2));
    h.list("worker-1");
    assertNull(h.submit("a"));
    assertNull(h.submit("b"));
    assertEquals(Failure.Reason.OVERLOADED, h.submit("c").reason());
    h.reply(h.lastSentOf("a"));
    assertNull(h.submit("c"), "room again once one was answered");
  }

  @Test
  void aRequestThatFindsNoRoomInTimeFailsAndOneThatFindsNoRouteeInTimeToo() {
    CoreHarness h = new CoreHarness(settings().withMaxInFlightPerRoutee(1).withWaitQueue(10, Duration.ofSeconds(2)));
    h.list("worker-1");
    h.submit("a");
    h.submit("b");
    h.now += 2 * S - 1;
    h.sweep();
    assertTrue(h.failed.isEmpty());
    h.now += 1;
    h.sweep();
    assertEquals(1, h.failed.size());
    assertEquals("b", h.failed.get(0).request());
    assertEquals(Failure.Reason.NO_ROOM_IN_TIME, h.failed.get(0).failure().reason());
    assertEquals(1, h.core.held(), "a is still in flight");

    CoreHarness none = new CoreHarness(settings().withWaitQueue(10, Duration.ofSeconds(2)));
    none.submit("x");
    none.now += 2 * S;
    none.sweep();
    assertEquals(Failure.Reason.NO_ROUTEE_IN_TIME, none.failed.get(0).failure().reason());
    assertEquals(0, none.core.held());
  }

  // ---- deadlines --------------------------------------------------------------------------------

  @Test
  void aRequestNotIdempotentThatPassesItsDeadlineFailsAndItsLateReplyIsDropped() {
    CoreHarness h = new CoreHarness(settings().withDeadline(Duration.ofSeconds(1), 3));
    h.list("worker-1", "worker-2");
    h.submit("a");
    Sent a = h.last();
    h.now += S - 1;
    h.sweep();
    assertTrue(h.failed.isEmpty(), "not due yet");
    h.now += 1;
    h.sweep();
    assertEquals(1, h.failed.size());
    Failure f = h.failed.get(0).failure();
    assertEquals(new Failure(Failure.Reason.NO_REPLY, "worker-1", 1), f);
    assertEquals(List.of("taken back a worker-1 NO_REPLY"), h.heard("taken back"));
    assertEquals(1, h.sent.size(), "never sent again");
    assertEquals(0, h.inFlightAt("worker-1"));
    assertFalse(h.reply(a), "the late reply is dropped");
    assertTrue(h.answered.isEmpty());
  }

  @Test
  void theDeadlineAllowsForTheExpectedWorkAndTheRouteesRecentLatency() {
    CoreHarness h = new CoreHarness(settings().withDeadline(Duration.ofSeconds(1), 3));
    h.list("worker-1");
    h.submit("a", 0, 2 * S); // expected 2 s: due after 3 x 2 s + 1 s
    h.now += 7 * S - 1;
    h.sweep();
    assertTrue(h.failed.isEmpty());
    h.now += 1;
    h.sweep();
    assertEquals(1, h.failed.size());

    h.submit("b");
    h.now += 4 * S;
    h.reply(h.last()); // worker-1 is seen to take 4 s
    h.submit("c");
    h.now += 12 * S; // 3 x 4 s of latency + 1 s is 13 s
    h.sweep();
    assertEquals(1, h.failed.size(), "c is not due before 13 s");
    h.now += S;
    h.sweep();
    assertEquals(List.of("a", "c"), h.failed.stream().map(CoreHarness.Failed::request).toList());
  }

  @Test
  void anIdempotentRequestPastItsDeadlineGoesElsewhereAndTheFirstAttemptsReplyIsDropped() {
    CoreHarness h = new CoreHarness(settings().withDeadline(Duration.ofSeconds(1), 3).withRetries(retries(3, 10)));
    h.list("worker-1", "worker-2");
    h.submit("a");
    Sent first = h.last();
    h.now += S;
    h.sweep();
    Sent second = h.last();
    assertEquals(new Sent("worker-2", first.id(), 2, "a"), second, "the same request, attempt 2, another routee");
    assertEquals(0, h.inFlightAt("worker-1"));
    assertEquals(1, h.inFlightAt("worker-2"));
    assertFalse(h.reply(first), "the first attempt's reply comes too late");
    assertTrue(h.reply(second));
    assertEquals(List.of("a"), h.answeredRequests());
    assertEquals("worker-2", h.answered.get(0).routee());
  }

  @Test
  void anIdempotentRequestFailsWhenItsAttemptsAreUsedUp() {
    CoreHarness h = new CoreHarness(settings().withDeadline(Duration.ofSeconds(1), 3).withRetries(retries(2, 10)));
    h.list("worker-1", "worker-2");
    h.submit("a");
    h.now += S;
    h.sweep();
    assertEquals(2, h.sent.size());
    h.now += S;
    h.sweep();
    assertEquals(2, h.sent.size(), "two attempts at most");
    assertEquals(new Failure(Failure.Reason.NO_REPLY, "worker-2", 2), h.failed.get(0).failure());
    assertEquals(0, h.core.held());
  }

  @Test
  void pastTheirDeadlinesOnlyTheOverdueBudgetsWorthOfRequestsGoElsewhereAtOnce() {
    // Past a deadline: at most one re-dispatch in flight at a time (no share, a floor of one).
    Retries oneAtATime = new Retries(3, 0.0, 10, 0.0, 1);
    CoreHarness h = new CoreHarness(settings().withDeadline(Duration.ofSeconds(1), 3).withRetries(oneAtATime));
    h.list("worker-1", "worker-2");
    h.submit("a"); // worker-1
    h.submit("b"); // worker-2
    h.now += S;
    h.sweep();
    assertEquals(3, h.sent.size(), "one of the two is sent again");
    Sent again = h.last();
    assertEquals(2, again.attempt());
    String stayed = again.request().equals("a") ? "b" : "a";
    assertEquals(1, h.sentOf(stayed).size(), stayed + " stays where it is: it may yet be answered");
    h.sweep();
    assertEquals(3, h.sent.size(), "still no budget");
    h.reply(again); // the re-dispatch came back: its token is free again
    h.sweep();
    assertEquals(2, h.sentOf(stayed).size(), "now the other goes elsewhere too");
    assertTrue(h.failed.isEmpty());
  }

  // ---- a routee's own fault --------------------------------------------------------------------------

  @Test
  void aRouteesFaultIsRetriedOnceElsewhereWithinTheRetryBudget() {
    CoreHarness h = new CoreHarness(settings().withRetries(retries(3, 1))); // one token, never refilled
    h.list("worker-1", "worker-2");
    h.submit("a");
    assertTrue(h.reply(h.last(), Outcome.ROUTEE_FAULT));
    Sent retry = h.last();
    assertEquals("worker-2", retry.routee());
    assertEquals(2, retry.attempt());
    assertEquals(List.of("taken back a worker-1 ROUTEE_FAILED"), h.heard("taken back"));
    assertTrue(h.answered.isEmpty());
    h.reply(retry, Outcome.ROUTEE_FAULT);
    assertEquals(List.of("a"), h.answeredRequests(), "retried once only: the second fault's reply goes to the caller");
    assertEquals("re:a", h.answered.get(0).reply());

    h.submit("b");
    h.reply(h.last(), Outcome.ROUTEE_FAULT);
    assertEquals(1, h.sentOf("b").size(), "the budget is spent: no retry");
    assertEquals(List.of("a", "b"), h.answeredRequests());
  }

  @Test
  void aFailureThatWouldFailAnywhereAndAFaultOfARequestNotIdempotentAreAnswered() {
    CoreHarness idempotent = new CoreHarness(settings().withRetries(retries(3, 10)));
    idempotent.list("worker-1", "worker-2");
    idempotent.submit("a");
    idempotent.reply(idempotent.last(), Outcome.FAILED);
    assertEquals(List.of("a"), idempotent.answeredRequests());
    assertEquals(1, idempotent.sent.size());

    CoreHarness plain = new CoreHarness(settings());
    plain.list("worker-1", "worker-2");
    plain.submit("a");
    plain.reply(plain.last(), Outcome.ROUTEE_FAULT);
    assertEquals(List.of("a"), plain.answeredRequests());
    assertEquals(1, plain.sent.size());
  }

  // ---- listing changes and stopped routees -----------------------------------------------------------

  @Test
  void anUnreachableRouteesRequestsAreTakenBackAndFailWhenNotIdempotent() {
    CoreHarness h = new CoreHarness(settings());
    h.list("worker-1", "worker-2");
    h.submit("a"); // worker-1
    h.submit("b"); // worker-2
    h.list(Set.of("worker-2"), Set.of("worker-1", "worker-2"));
    assertEquals(List.of("unreachable worker-1"), h.heard("unreachable"));
    assertEquals(new Failure(Failure.Reason.ROUTEE_LOST, "worker-1", 1), h.failed.get(0).failure());
    assertEquals(RouteeState.UNREACHABLE, h.core.routee(CoreHarness.ref("worker-1")).state());
    h.submit("c");
    assertEquals("worker-2", h.last().routee(), "no new requests to an unreachable routee");
    h.list("worker-1", "worker-2");
    assertEquals(List.of("reachable worker-1"), h.heard("reachable"));
    assertEquals(2, h.core.routable());
  }

  @Test
  void anUnreachableRouteesIdempotentRequestsGoElsewhere() {
    CoreHarness h = new CoreHarness(settings().withRetries(retries(3, 0)));
    h.list("worker-1", "worker-2");
    h.submit("a");
    Sent first = h.last();
    h.list(Set.of("worker-2"), Set.of("worker-1", "worker-2"));
    assertEquals(new Sent("worker-2", first.id(), 2, "a"), h.last());
    assertFalse(h.reply(first), "if the lost routee replies after all, that is dropped");
    h.reply(h.last());
    assertEquals(List.of("a"), h.answeredRequests());
    assertTrue(h.failed.isEmpty());
  }

  @Test
  void aRouteeThatLeftTheListingGetsNoNewRequestsButItsRepliesAreAwaited() {
    CoreHarness h = new CoreHarness(settings());
    h.list("worker-1", "worker-2");
    h.submit("a"); // worker-1
    h.list("worker-2");
    assertEquals(List.of("left worker-1"), h.heard("left"));
    assertEquals(1, h.inFlightAt("worker-1"), "still counted");
    for (int i = 0; i < 3; i++) h.submit("n" + i);
    assertEquals(List.of("worker-2", "worker-2", "worker-2"), h.sentTo().subList(1, 4));
    assertTrue(h.reply(h.lastSentOf("a")));
    assertEquals("worker-1", h.answered.get(0).routee());
    assertEquals(0, h.inFlightAt("worker-1"));
  }

  @Test
  void aStoppedRouteesRequestsAreTakenBackAndItIsForgotten() {
    CoreHarness h = new CoreHarness(settings().withRetries(retries(3, 0)));
    h.list("worker-1", "worker-2");
    h.submit("a"); // worker-1
    Sent first = h.last();
    h.core.stopped(CoreHarness.ref("worker-1"), h.now);
    assertEquals(List.of("stopped worker-1"), h.heard("stopped"));
    assertNull(h.core.routee(CoreHarness.ref("worker-1")), "forgotten");
    assertEquals(new Sent("worker-2", first.id(), 2, "a"), h.last());
    assertFalse(h.reply(first));
    h.reply(h.last());
    assertEquals(List.of("a"), h.answeredRequests());

    h.submit("b"); // worker-2, the last routee
    h.core.stopped(CoreHarness.ref("worker-2"), h.now);
    assertEquals(new Failure(Failure.Reason.ROUTEE_LOST, "worker-2", 1), h.failed.get(0).failure(),
        "idempotent, but nowhere else to go");
    assertEquals(0, h.core.held());
  }

  @Test
  void aPoolsOwnRouteesAreRoutableWhenAdded() {
    CoreHarness h = new CoreHarness(settings());
    h.submit("a");
    h.core.added(CoreHarness.ref("routee-1"), h.now);
    h.core.added(CoreHarness.ref("routee-1"), h.now); // a second time changes nothing
    assertEquals(List.of("joined routee-1"), h.heard("joined"));
    assertEquals(List.of("routee-1"), h.sentTo());
  }

  @Test
  void aRouteeThatMustSayWhatItIsTakesRequestsOnlyOnceItDid() {
    CoreHarness h = new CoreHarness(settings().withReadyWhenTold(true).withMaxInFlightPerRoutee(5));
    h.list("worker-1");
    assertEquals(0, h.core.routable());
    h.submit("a");
    assertTrue(h.sent.isEmpty());
    h.sweep();
    assertEquals(List.of("worker-1", "worker-1"), h.greeted, "greeted again at a sweep: a greeting may be lost");
    h.core.capacity(CoreHarness.ref("worker-1"), 4, 2.0, 3, h.now);
    assertEquals(List.of("ready worker-1"), h.heard("ready"));
    assertEquals(List.of("a"), h.sent.stream().map(Sent::request).toList());
    Routee r = h.core.routee(CoreHarness.ref("worker-1"));
    assertEquals(4, r.slots());
    assertEquals(2.0, r.speed());
    assertEquals(3, r.limit(), "the routee's own limit, below the balancer's");
  }

  // ---- late replies --------------------------------------------------------------------------------

  @Test
  void repliesToAnotherAttemptOrToAnAnsweredOrUnknownRequestAreDropped() {
    CoreHarness h = new CoreHarness(settings().withDeadline(Duration.ofSeconds(1), 3).withRetries(retries(3, 0)));
    h.list("worker-1", "worker-2");
    h.submit("a");
    Sent first = h.last();
    assertFalse(h.core.replied(first.id(), 2, "x", Outcome.DONE, -1, h.now), "an attempt not made yet");
    h.now += S;
    h.sweep();
    Sent second = h.last();
    assertFalse(h.reply(first), "the earlier attempt");
    assertTrue(h.reply(second));
    assertFalse(h.reply(second), "the request was answered");
    assertFalse(h.core.replied(first.id() + (1L << 32), 1, "x", Outcome.DONE, -1, h.now), "an id of another generation");
    assertFalse(h.core.replied(12345, 1, "x", Outcome.DONE, -1, h.now), "a slot never used");
    assertEquals(1, h.answered.size());
  }

  // ---- releaseAll --------------------------------------------------------------------------------

  @Test
  void releaseAllHandsEachRequestBackOnceAndLaterRepliesAreDropped() {
    CoreHarness h = new CoreHarness(settings().withMaxInFlightPerRoutee(1));
    h.list("worker-1", "worker-2");
    for (String r : List.of("a", "b", "c")) h.submit(r);
    List<String> released = new ArrayList<>();
    List<Long> tags = new ArrayList<>();
    h.core.releaseAll(h.now, (request, tag) -> {
      released.add(request);
      tags.add(tag);
    });
    assertEquals(List.of("a", "b", "c"), released.stream().sorted().toList(), "in flight and waiting, each once");
    assertEquals(List.of(1L, 2L, 3L), tags.stream().sorted().toList());
    assertEquals(0, h.core.held());
    assertEquals(0, h.inFlightAt("worker-1"));
    assertFalse(h.reply(h.lastSentOf("a")));
    assertTrue(h.answered.isEmpty() && h.failed.isEmpty(), "released requests are the owner's to answer");
    h.submit("d");
    assertEquals(3, h.sent.size(), "the routees have room again");
  }
}
