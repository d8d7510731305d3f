package pekkolb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.TestSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;

/** The pool against probes posing as brokers, found through the (local) Receptionist. */
@ExtendWith(LogCapturingExtension.class)
class BrokerPoolTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private final Map<String, Object> keys = Map.of("lb.client.ask-timeout", "8s", "lb.broker.pending-timeout", "1s",
      "lb.client.queue-size", 1, "lb.cluster.broker-drain-timeout", "100ms");
  private final ActorTestKit testKit = ActorTestKit.create(TestSettings.config(keys));
  private final ActorRef<BrokerMessage> pool = testKit.spawn(BrokerPool.create(TestSettings.settings(keys)), "pool");
  private final TestProbe<Reply> caller = testKit.createTestProbe();

  @AfterEach
  void stop() {
    testKit.shutdownTestKit();
  }

  /** A probe broker that registers and grants this window. */
  private TestProbe<BrokerMessage> broker(String name, int window) {
    TestProbe<BrokerMessage> probe = testKit.createTestProbe(name);
    testKit.system().receptionist().tell(Receptionist.register(ServiceKeys.BROKER, probe.ref()));
    Connect connect = probe.expectMessageClass(Connect.class, WAIT);
    connect.replyTo().tell(new Connected(probe.ref(), name, window));
    return probe;
  }

  /** One request as a broker got it from the pool: its wire id, its app type, and where to answer it. */
  private record Sent(long requestId, String appType, ActorRef<ToClient> replyTo) {}

  /** The next SubmitBatch, skipping any repeated Connect. */
  private static SubmitBatch nextBatch(TestProbe<BrokerMessage> probe) {
    return (SubmitBatch) probe.fishForMessage(WAIT, "a SubmitBatch", m -> m instanceof SubmitBatch
        ? org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.complete()
        : org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes.continueAndIgnore()).get(0);
  }

  /** The next request, alone: a batch of one. */
  private static Sent nextSubmit(TestProbe<BrokerMessage> probe) {
    SubmitBatch batch = nextBatch(probe);
    assertEquals(1, batch.size(), "a request alone goes as a batch of one");
    return new Sent(batch.requestIds()[0], batch.appTypes()[0], batch.replyTo());
  }

  private BrokerPool.PoolStats stats(ActorRef<BrokerMessage> pool) {
    TestProbe<BrokerPool.PoolStats> stats = testKit.createTestProbe();
    pool.tell(new BrokerPool.GetPoolStats(stats.ref()));
    return stats.receiveMessage(WAIT);
  }

  /** Nothing more can reach a caller: the pool owes no request an answer and has none waiting. */
  private void assertNothingOwed(ActorRef<BrokerMessage> pool) {
    BrokerPool.PoolStats now = stats(pool);
    assertEquals(0, now.owed(), "answers owed");
    assertEquals(0, now.queued(), "requests waiting");
  }

  private void awaitBrokers(int n) {
    TestProbe<BrokerPool.PoolStats> stats = testKit.createTestProbe();
    stats.awaitAssert(WAIT, () -> {
      pool.tell(new BrokerPool.GetPoolStats(stats.ref()));
      assertEquals(n, stats.receiveMessage().brokers());
      return null;
    });
  }

  @Test
  void aSilentBrokerThatDisappearsHasItsRequestAnsweredByAnotherOnceAndItsLateAnswerIsDropped() {
    TestProbe<BrokerMessage> a = broker("A", 1);
    awaitBrokers(1);
    pool.tell(new Submit(7, "Long", "round_robin", -1, caller.ref()));
    Sent atA = nextSubmit(a); // A never answers it
    TestProbe<BrokerMessage> b = broker("B", 1);
    awaitBrokers(2);
    // A leaves the listing: after the drain grace (0.1 s + 2 s here) its request is re-submitted.
    testKit.system().receptionist().tell(Receptionist.deregister(ServiceKeys.BROKER, a.ref()));
    Sent atB = nextSubmit(b);
    assertEquals("Long", atB.appType());
    assertTrue(atB.requestId() != atA.requestId(), "each send has its own id");
    atB.replyTo().tell(new Response(atB.requestId(), "Worker-2", "Long", "round_robin", 5000));
    Response answer = assertInstanceOf(Response.class, caller.receiveMessage(WAIT));
    assertEquals(7, answer.requestId(), "under the caller's own id");
    assertEquals("Worker-2", answer.worker());

    atA.replyTo().tell(new Response(atA.requestId(), "Worker-1", "Long", "round_robin", 5000));
    assertEquals(1, stats(pool).duplicatesDropped());
    // The late answer came before this request: had it been passed on, the caller would see it first.
    pool.tell(new Submit(8, "Short", "round_robin", -1, caller.ref()));
    Sent next = nextSubmit(b);
    next.replyTo().tell(new Response(next.requestId(), "Worker-2", "Short", "round_robin", 1000));
    assertEquals(8, caller.receiveMessage(WAIT).requestId());
  }

  @Test
  void aHandedBackRequestGoesToTheOtherBroker() {
    TestProbe<BrokerMessage> a = broker("A", 5);
    awaitBrokers(1);
    pool.tell(new Submit(1, "Short", null, -1, caller.ref()));
    Sent atA = nextSubmit(a);
    TestProbe<BrokerMessage> b = broker("B", 5);
    awaitBrokers(2);
    atA.replyTo().tell(new HandBack(atA.requestId(), "broker draining"));
    Sent atB = nextSubmit(b);
    atB.replyTo().tell(new Rejected(atB.requestId(), "bad luck"));
    assertEquals(new Rejected(1, "bad luck"), caller.receiveMessage(WAIT), "a broker's own rejection is passed on");
  }

  @Test
  void aRequestHandedBackByTheOnlyBrokerIsRejectedAtOnceSayingWhy() {
    TestProbe<BrokerMessage> a = broker("A", 5);
    awaitBrokers(1);
    pool.tell(new Submit(3, "Long", null, -1, caller.ref()));
    Sent atA = nextSubmit(a);
    atA.replyTo().tell(new HandBack(atA.requestId(), "broker stopping: broker A is stopping"));
    // Not the ask timeout's rejection (8 s here): a stopping node would be gone by then and the caller cut off.
    Rejected r = assertInstanceOf(Rejected.class, caller.receiveMessage(WAIT));
    assertEquals(3, r.requestId());
    assertEquals("broker stopping: broker A is stopping; no other broker is available", r.reason());
    assertNothingOwed(pool);
  }

  @Test
  void beyondWindowAndQueueARequestIsRejectedAtOnceAndAWaitingOneTimesOut() {
    TestProbe<BrokerMessage> a = broker("A", 1);
    awaitBrokers(1);
    pool.tell(new Submit(1, "Short", null, -1, caller.ref())); // takes A's window
    pool.tell(new Submit(2, "Short", null, -1, caller.ref())); // waits in the queue (1) for A's window
    pool.tell(new Submit(3, "Short", null, -1, caller.ref()));
    Rejected full = assertInstanceOf(Rejected.class, caller.receiveMessage(WAIT));
    assertEquals(3, full.requestId());
    assertTrue(full.reason().startsWith("overloaded:"), full.reason());
    nextSubmit(a);
    Rejected late = assertInstanceOf(Rejected.class, caller.receiveMessage(WAIT));
    assertTrue(late.reason().startsWith("timeout: no answer within 8000 ms"), late.reason());
    nextSubmit(a); // the send given up on freed A's window: the queued request goes to A, with a deadline of its own
    assertInstanceOf(Rejected.class, caller.receiveMessage(WAIT));
    assertNothingOwed(pool);
  }

  @Test
  void withNoBrokerARequestTimesOutSayingSo() {
    pool.tell(new Submit(9, "Short", null, -1, caller.ref()));
    Rejected r = assertInstanceOf(Rejected.class, caller.receiveMessage(WAIT));
    assertEquals("timeout: no answer within 8000 ms (no broker available)", r.reason());
  }

  @Test
  void requestsThatWaitTogetherGoInOneBatchAndABatchOfResponsesAnswersEachCallerOnce() {
    testKit.stop(pool); // this test's pool queues more than one request
    Map<String, Object> roomy = Map.of("lb.client.ask-timeout", "8s", "lb.broker.pending-timeout", "1s", "lb.client.queue-size", 10);
    ActorRef<BrokerMessage> pool = testKit.spawn(BrokerPool.create(TestSettings.settings(roomy)), "roomy-pool");
    java.util.List<TestProbe<Reply>> callers = new java.util.ArrayList<>();
    for (int i = 0; i < 5; i++) {
      TestProbe<Reply> c = testKit.createTestProbe();
      callers.add(c);
      pool.tell(new Submit(100 + i, "Short", "round_robin", -1, c.ref())); // no broker yet: they wait
    }
    TestProbe<BrokerMessage> a = broker("A", 10);
    SubmitBatch batch = nextBatch(a);
    assertEquals(5, batch.size(), "the five that waited go in one message");
    String[] workers = {"Worker-1", "Worker-2", "Worker-1", "Worker-2", "Worker-1"};
    ResponseBatch answers = ResponseBatch.of(batch.requestIds(), workers, batch.appTypes(), batch.approaches(),
        new long[] {1, 2, 3, 4, 5});
    batch.replyTo().tell(answers);
    batch.replyTo().tell(answers); // the same answers again: each a duplicate
    for (int i = 0; i < 5; i++) {
      Response r = assertInstanceOf(Response.class, callers.get(i).receiveMessage(WAIT));
      assertEquals(100 + i, r.requestId(), "under the caller's own id");
      assertEquals(workers[i], r.worker());
    }
    assertEquals(5, stats(pool).duplicatesDropped());
    // Each caller asks again, after the duplicates: had one been passed on, its caller would see it first.
    for (int i = 0; i < 5; i++) pool.tell(new Submit(200 + i, "Short", "round_robin", -1, callers.get(i).ref()));
    for (int answered = 0; answered < 5; ) {
      SubmitBatch again = nextBatch(a);
      again.replyTo().tell(ResponseBatch.of(again.requestIds(), Arrays.copyOf(workers, again.size()), again.appTypes(),
          again.approaches(), new long[again.size()]));
      answered += again.size();
    }
    for (int i = 0; i < 5; i++) assertEquals(200 + i, callers.get(i).receiveMessage(WAIT).requestId());
  }
}
