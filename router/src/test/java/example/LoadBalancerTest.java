package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerCore;
import pekkolb.router.BalancerListener;
import pekkolb.router.BalancerStatus;
import pekkolb.router.Failure;
import pekkolb.router.Hedging;
import pekkolb.router.LoadBalancer;
import pekkolb.router.Policies;
import pekkolb.router.Retries;
import pekkolb.router.RouteeLoad;

/**
 * The balancer as a user meets it: their own request and reply types ({@link Work}, {@link Done}),
 * their own routees, found through the Receptionist or spawned as a pool. Each test asserts exactly
 * one answer per request, or the documented failure. Waits are for a state (a reply, a listing),
 * never for a fixed time: a reply that must not come is shown not to by the order of what does.
 */
class LoadBalancerTest {
  private final ActorTestKit testKit = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(10);

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  private static ServiceKey<Work> key(String name) {
    return ServiceKey.create(Work.class, name);
  }

  private static Done failed(Work w, Failure f) {
    return new Done(w.payload(), null, f.reason().name());
  }

  @Test
  void eachRequestIsAnsweredOnceThroughTheBalancerByARouteeOfTheGroup() {
    ServiceKey<Work> key = key("prompt");
    for (int i = 1; i <= 3; i++) testKit.spawn(Workers.prompt(key), "worker-" + i);
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo).build());
    Statuses.awaitRoutable(testKit, balancer, 3);
    TestProbe<Done> caller = testKit.createTestProbe();
    for (int i = 0; i < 6; i++) balancer.tell(new Work("job-" + i, caller.getRef()));
    java.util.Map<String, String> byPayload = new java.util.TreeMap<>();
    for (Done d : caller.receiveSeveralMessages(6, WAIT)) assertNull(byPayload.put(d.payload(), d.by()), "one reply to " + d.payload());
    assertEquals(List.of("worker-1", "worker-2", "worker-3", "worker-1", "worker-2", "worker-3"), new ArrayList<>(byPayload.values()),
        "round robin, in the routees' order");
    BalancerStatus s = Statuses.of(testKit, balancer);
    assertEquals(0, s.held(), "nothing is held once every reply passed back");
    assertEquals(6, s.routees().stream().mapToLong(BalancerStatus.RouteeStatus::replied).sum());
  }

  @Test
  void leastConnectionsIsExactBecauseEveryReplyPassesTheBalancer() {
    ServiceKey<Work> key = key("holding");
    TestProbe<String> got = testKit.createTestProbe();
    ActorRef<Object> a = testKit.spawn(Workers.holding(key, got.getRef()), "worker-a");
    ActorRef<Object> b = testKit.spawn(Workers.holding(key, got.getRef()), "worker-b");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withPolicy(Policies.leastConnections()).build());
    Statuses.awaitRoutable(testKit, balancer, 2);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("1", caller.getRef()));
    balancer.tell(new Work("2", caller.getRef()));
    Set<String> first = Set.of(got.receiveMessage(WAIT).split(":")[0], got.receiveMessage(WAIT).split(":")[0]);
    assertEquals(Set.of("worker-a", "worker-b"), first, "one each");
    // worker-a finishes its request; only once its reply has passed the balancer does a third go there.
    a.tell(new Workers.Finish());
    Done done = caller.receiveMessage(WAIT);
    assertEquals("worker-a", done.by());
    balancer.tell(new Work("3", caller.getRef()));
    assertEquals("worker-a:3", got.receiveMessage(WAIT), "the routee with none in flight: worker-b still holds one");
    b.tell(new Workers.Finish());
    assertEquals("worker-b", caller.receiveMessage(WAIT).by());
  }

  @Test
  void aReplyThatComesAfterTheBalancerStoppedIsNotADeadLetter() {
    ServiceKey<Work> key = key("late");
    TestProbe<String> got = testKit.createTestProbe();
    ActorRef<Object> worker = testKit.spawn(Workers.holding(key, got.getRef()), "worker-late");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withFailureReply(LoadBalancerTest::failed).build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("1", caller.getRef()));
    assertEquals("worker-late:1", got.receiveMessage(WAIT));
    testKit.stop(balancer, WAIT);
    assertEquals(new Done("1", null, "STOPPED"), caller.receiveMessage(WAIT), "the request held is failed as it stops");

    TestProbe<org.apache.pekko.actor.DeadLetter> deadLetters = testKit.createDeadLetterProbe();
    worker.tell(new Workers.Finish()); // the routee answers request 1, to the stopped balancer's reply address
    worker.tell(new Work("after", testKit.<Done>createTestProbe().getRef()));
    assertEquals("worker-late:after", got.receiveMessage(WAIT), "the routee has answered request 1");
    balancer.tell(new Work("marker", caller.getRef())); // a dead letter, after any the answer made
    for (org.apache.pekko.actor.DeadLetter d; !((d = deadLetters.receiveMessage(WAIT)).message() instanceof Work); ) {
      assertNotEquals(balancer.path(), d.recipient().path(), "a dead letter to the stopped balancer before the marker: " + d);
    }
    caller.expectNoMessage(Duration.ZERO); // the caller's one answer was the failure
  }

  @Test
  void aRouteeThatNeverAnswersGetsItsRequestTheFailureReplyAtTheDeadline() {
    ServiceKey<Work> key = key("silent");
    testKit.spawn(Workers.silent(key), "worker-1");
    AtomicInteger failures = new AtomicInteger();
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withDeadline(Duration.ofMillis(200))
        .withFailureReply(LoadBalancerTest::failed)
        .withListener(new BalancerListener<Work>() {
          @Override
          public void failed(Work request, Failure failure) {
            failures.incrementAndGet();
          }
        })
        .build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("lost", caller.getRef()));
    Done reply = caller.receiveMessage(WAIT);
    assertEquals("lost", reply.payload());
    assertNull(reply.by());
    assertEquals(Failure.Reason.NO_REPLY.name(), reply.failure());
    assertEquals(1, failures.get());
    assertEquals(0, Statuses.of(testKit, balancer).held());
  }

  @Test
  void aRouteeThatAnswersTwiceGivesItsCallerOneReply() {
    ServiceKey<Work> key = key("twice");
    testKit.spawn(Workers.twice(key), "worker-1");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo).build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("a", caller.getRef()));
    balancer.tell(new Work("b", caller.getRef()));
    // The routee answers "a" twice before it reads "b": a second reply to "a" would reach the caller
    // before the reply to "b".
    assertEquals("a", caller.receiveMessage(WAIT).payload());
    assertEquals("b", caller.receiveMessage(WAIT).payload(), "the second reply to a was dropped");
  }

  @Test
  void repliesRacingOnTheRouteesThreadsGiveEachCallerExactlyOneCountedBeforeItArrives() {
    // Replies go on to the caller from the thread of the routee that sent them; four routees that each
    // answer twice race there, and only the first reply to a request may pass.
    ServiceKey<Work> key = key("racing");
    for (int i = 1; i <= 4; i++) testKit.spawn(Workers.twice(key), "worker-" + i);
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withPolicy(Policies.leastConnections()).build());
    Statuses.awaitRoutable(testKit, balancer, 4);
    TestProbe<Done> caller = testKit.createTestProbe();
    int n = 5_000;
    Set<String> sent = new HashSet<>();
    for (int i = 0; i < n; i++) {
      sent.add("job-" + i);
      balancer.tell(new Work("job-" + i, caller.getRef()));
    }
    Set<String> answered = new HashSet<>();
    for (Done d : caller.receiveSeveralMessages(n, WAIT)) assertTrue(answered.add(d.payload()), "one reply to " + d.payload());
    assertTrue(sent.equals(answered), "each request's first reply, no second one");
    // The balancer counts a reply before the caller gets it: whatever the caller asks next sees it.
    BalancerStatus s = Statuses.of(testKit, balancer);
    assertEquals(0, s.held());
    assertEquals(n, s.routees().stream().mapToLong(BalancerStatus.RouteeStatus::replied).sum());
    balancer.tell(new Work("last", caller.getRef()));
    assertEquals("last", caller.receiveMessage(WAIT).payload(), "no second reply was still on its way");
  }

  @Test
  void aReplyRacingItsDeadlineReachesTheCallerOnceWhicheverWins() {
    // Replies due from 30 to 70 ms against a 50 ms deadline: the routee's reply and the balancer's
    // failure reply race for each request, on different threads, and exactly one of them may win.
    ServiceKey<Work> key = key("racing-deadline");
    for (int i = 1; i <= 2; i++) {
      testKit.spawn(Workers.delayed(key, w -> Duration.ofMillis(30 + Integer.parseInt(w.payload()) % 41)), "worker-" + i);
    }
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withDeadline(Duration.ofMillis(50))
        .withFailureReply(LoadBalancerTest::failed)
        .build());
    Statuses.awaitRoutable(testKit, balancer, 2);
    TestProbe<Done> caller = testKit.createTestProbe();
    int n = 1_000;
    for (int i = 0; i < n; i++) balancer.tell(new Work(Integer.toString(i), caller.getRef()));
    // Which of the two wins each race depends on timers and threads; that each caller gets one does not.
    Set<String> answered = new HashSet<>();
    for (Done d : caller.receiveSeveralMessages(n, WAIT)) {
      assertTrue(answered.add(d.payload()), "one reply to " + d.payload());
      if (d.by() == null) assertEquals(Failure.Reason.NO_REPLY.name(), d.failure());
    }
    assertEquals(n, answered.size());
    assertEquals(0, Statuses.of(testKit, balancer).held());
    balancer.tell(new Work("0", caller.getRef()));
    assertEquals("0", caller.receiveMessage(WAIT).payload(), "no second reply was still on its way");
  }

  @Test
  void anOutcomeFunctionThatThrowsLeavesItsReplyServedAndTheBalancerRunning() {
    ServiceKey<Work> key = key("throwing-outcome");
    testKit.spawn(Workers.prompt(key), "worker-1");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withReplyOutcome(d -> {
          if (d.payload().equals("bad")) throw new IllegalStateException("a bug in the user's function");
          return BalancerCore.Outcome.DONE;
        })
        .build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("bad", caller.getRef()));
    balancer.tell(new Work("good", caller.getRef()));
    assertEquals("bad", caller.receiveMessage(WAIT).payload());
    assertEquals("good", caller.receiveMessage(WAIT).payload());
    BalancerStatus s = Statuses.of(testKit, balancer);
    assertEquals(0, s.held());
    assertEquals(2, s.routees().get(0).replied(), "both count as served");
  }

  @Test
  void aRouteeThatStopsInMidRequestGetsItTheFailureReplyWhenNotIdempotent() {
    ServiceKey<Work> key = key("quitter");
    testKit.spawn(Workers.quitter(key), "worker-1");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withFailureReply(LoadBalancerTest::failed).build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("x", caller.getRef()));
    Done reply = caller.receiveMessage(WAIT);
    assertEquals(Failure.Reason.ROUTEE_LOST.name(), reply.failure());
  }

  @Test
  void anIdempotentRequestWhoseRouteeStopsIsAnsweredByAnother() {
    ServiceKey<Work> key = key("quitter-and-prompt");
    testKit.spawn(Workers.quitter(key), "worker-1");
    testKit.spawn(Workers.prompt(key), "worker-2");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withIdempotentRetries(Retries.defaults())
        .withFailureReply(LoadBalancerTest::failed).build());
    Statuses.awaitRoutable(testKit, balancer, 2);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("x", caller.getRef())); // round robin: worker-1 first, which stops
    Done reply = caller.receiveMessage(WAIT);
    assertEquals("worker-2", reply.by());
    balancer.tell(new Work("y", caller.getRef()));
    assertEquals("y", caller.receiveMessage(WAIT).payload(), "one reply to x, then y's");
  }

  @Test
  void aReplyThatSaysItsRouteeFailedIsRetriedOnAnotherWhenIdempotent() {
    ServiceKey<Work> key = key("broken-and-prompt");
    testKit.spawn(Workers.broken(key), "worker-1");
    testKit.spawn(Workers.prompt(key), "worker-2");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withIdempotentRetries(Retries.defaults())
        .withReplyOutcome(d -> d.failure() != null ? BalancerCore.Outcome.ROUTEE_FAULT : BalancerCore.Outcome.DONE)
        .build());
    Statuses.awaitRoutable(testKit, balancer, 2);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("x", caller.getRef())); // round robin: worker-1 first, which fails it
    assertEquals("worker-2", caller.receiveMessage(WAIT).by());
    balancer.tell(new Work("y", caller.getRef())); // worker-1 again: retried once more on worker-2
    assertEquals("worker-2", caller.receiveMessage(WAIT).by(), "the failure never reached the caller");
  }

  @Test
  void requestsWaitForAFreePlaceUnderTheLimitAndFailWhenTheQueueIsFull() {
    ServiceKey<Work> key = key("limited");
    TestProbe<String> got = testKit.createTestProbe();
    ActorRef<Object> worker = testKit.spawn(Workers.holding(key, got.getRef()), "worker-1");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withMaxInFlightPerRoutee(1)
        .withWaitQueue(1, Duration.ofSeconds(30))
        .withFailureReply(LoadBalancerTest::failed).build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("1", caller.getRef())); // in flight
    balancer.tell(new Work("2", caller.getRef())); // waits
    balancer.tell(new Work("3", caller.getRef())); // the queue is full
    assertEquals("worker-1:1", got.receiveMessage(WAIT));
    Done overloaded = caller.receiveMessage(WAIT);
    assertEquals("3", overloaded.payload());
    assertEquals(Failure.Reason.OVERLOADED.name(), overloaded.failure());
    worker.tell(new Workers.Finish());
    assertEquals("1", caller.receiveMessage(WAIT).payload());
    assertEquals("worker-1:2", got.receiveMessage(WAIT), "the waiting one goes once the first came back");
    worker.tell(new Workers.Finish());
    assertEquals("2", caller.receiveMessage(WAIT).payload());
  }

  @Test
  void withNoRouteeARequestWaitsAndFailsWhenNoneComes() {
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key("nobody"), Work::replyTo, Work::withReplyTo)
        .withWaitQueue(10, Duration.ofMillis(300))
        .withFailureReply(LoadBalancerTest::failed).build());
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("x", caller.getRef()));
    assertEquals(Failure.Reason.NO_ROUTEE_IN_TIME.name(), caller.receiveMessage(WAIT).failure());
  }

  @Test
  void aRequestThatWaitsForARouteeGoesWhenOneRegisters() {
    ServiceKey<Work> key = key("late");
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo).build());
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("early", caller.getRef()));
    testKit.spawn(Workers.prompt(key), "worker-1");
    assertEquals("worker-1", caller.receiveMessage(WAIT).by());
  }

  @Test
  void aPoolSpawnsItsRouteesAndBalancesOverThem() {
    AtomicInteger replied = new AtomicInteger();
    ActorRef<Work> pool = testKit.spawn(LoadBalancer.pool(4, Workers.prompt(key("pool")), Work::replyTo, Work::withReplyTo)
        .withPolicy(Policies.leastConnections())
        .withListener(new BalancerListener<Work>() {
          @Override
          public void replied(RouteeLoad routee, Work request, long latencyNanos) {
            replied.incrementAndGet();
          }
        })
        .build(), "pool");
    TestProbe<Done> caller = testKit.createTestProbe();
    for (int i = 0; i < 40; i++) pool.tell(new Work("job-" + i, caller.getRef()));
    Set<String> by = new HashSet<>();
    Set<String> payloads = new HashSet<>();
    for (Done d : caller.receiveSeveralMessages(40, WAIT)) {
      by.add(d.by());
      payloads.add(d.payload());
    }
    assertEquals(40, payloads.size(), "each request answered once");
    assertTrue(by.size() > 1, "spread over the pool: " + by);
    assertEquals(40, replied.get());
  }

  @Test
  void aPoolStopsWhenItsLastRouteeStops() {
    ActorRef<Work> pool = testKit.spawn(LoadBalancer.pool(1, Workers.quitter(key("stopping-pool")), Work::replyTo, Work::withReplyTo)
        .withFailureReply(LoadBalancerTest::failed).build());
    TestProbe<Done> caller = testKit.createTestProbe();
    pool.tell(new Work("x", caller.getRef()));
    assertEquals(Failure.Reason.ROUTEE_LOST.name(), caller.receiveMessage(WAIT).failure());
    caller.expectTerminated(pool, WAIT);
  }

  @Test
  void hedgingNeedsIdempotentRequests() {
    LoadBalancer.Builder<Work, Done> b = LoadBalancer.group(key("h"), Work::replyTo, Work::withReplyTo).withHedging(Hedging.defaults());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("idempotent"), e.getMessage());
  }

  @Test
  void aBuilderIsImmutable() {
    LoadBalancer.Builder<Work, Done> base = LoadBalancer.group(key("imm"), Work::replyTo, Work::withReplyTo);
    LoadBalancer.Builder<Work, Done> limited = base.withMaxInFlightPerRoutee(1);
    assertNotEquals(base, limited);
    // The base still builds a balancer without the limit: two requests go out to one routee at once.
    ServiceKey<Work> key = key("imm");
    TestProbe<String> got = testKit.createTestProbe();
    testKit.spawn(Workers.holding(key, got.getRef()), "worker-1");
    ActorRef<Work> balancer = testKit.spawn(base.build());
    Statuses.awaitRoutable(testKit, balancer, 1);
    TestProbe<Done> caller = testKit.createTestProbe();
    balancer.tell(new Work("1", caller.getRef()));
    balancer.tell(new Work("2", caller.getRef()));
    assertEquals("worker-1:1", got.receiveMessage(WAIT));
    assertEquals("worker-1:2", got.receiveMessage(WAIT));
  }
}
