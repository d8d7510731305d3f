package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerStats;
import pekkolb.worker.Worker;

/** The queue mode in the broker: requests wait in the broker for a free slot, Shorts first, one answer each. */
@ExtendWith(LogCapturingExtension.class)
class BrokerQueueTest {
  private TestBroker lb;
  private TestProbe<Reply> client;
  private ActorRef<WorkerMessage> worker;
  private ActorRef<BrokerMessage> broker;

  @AfterEach
  void shutdown() {
    if (lb != null) lb.close();
  }

  /** One worker with one slot; under ManualTime, or in real time scaled down (the waiting sweep reads the real clock). */
  private void start(boolean manualTime, double timeScale) {
    start(manualTime, timeScale, 1);
  }

  private void start(boolean manualTime, double timeScale, int slots) {
    lb = new TestBroker(Map.of("lb.worker.slots", slots, "lb.broker.pending-timeout", "8s", "lb.time-scale", timeScale), manualTime);
    client = lb.testKit.createTestProbe();
    worker = lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    broker = lb.start(1);
  }

  /** Waits until the worker holds {@code n} jobs, so the time that passes next counts for them. */
  private void workerHolds(int n) {
    TestProbe<WorkerReport> probe = lb.testKit.createTestProbe();
    probe.awaitAssert(() -> {
      worker.tell(new WorkerHello(probe.ref()));
      assertEquals(n, probe.expectMessageClass(WorkerInfo.class).load());
      return null;
    });
  }

  private long answer() {
    return assertInstanceOf(Response.class, client.receiveMessage()).requestId();
  }

  @Test
  void requestsWaitInTheBrokerForAFreeSlotAndShortsGoFirst() {
    start(true, 1.0);
    broker.tell(new Submit(1, "Long", "queue", -1, client.ref()));
    broker.tell(new Submit(2, "Long", "queue", -1, client.ref()));
    broker.tell(new Submit(3, "Short", "queue", -1, client.ref()));
    Stats s = lb.stats();
    assertEquals(1, s.inFlight(), "one slot: one job on the worker");
    assertEquals(2, s.waiting(), "the others wait in the broker, not in the worker's slots");
    workerHolds(1);

    lb.time.timePasses(Duration.ofSeconds(5));
    assertEquals(1, answer());
    WorkerStats w = lb.worker("Worker-1");
    assertEquals(1, w.shortJobs(), "the Short that came last went before the waiting Long");
    assertEquals(1, w.longJobs());
    workerHolds(1);
    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(3, answer());
    workerHolds(1);
    lb.time.timePasses(Duration.ofSeconds(5));
    assertEquals(2, answer());
    NoOtherAnswer.check(lb.testKit, broker, client); // exactly one answer each
    assertEquals(0, lb.stats().inFlight() + lb.stats().waiting());
  }

  @Test
  void aRequestThatWaitsInTheQueueTooLongIsRejectedOnce() {
    start(false, 0.05); // 8 s pending timeout = 400 ms, the 200 s job = 10 s
    broker.tell(new Submit(1, "Long", "queue", 200_000, client.ref())); // holds the one slot
    broker.tell(new Submit(2, "Short", "queue", -1, client.ref()));
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage(Duration.ofSeconds(30)));
    assertEquals(2, r.requestId());
    assertEquals(1, lb.stats().inFlight());
    assertEquals(0, lb.stats().waiting());
    assertEquals(1, assertInstanceOf(Response.class, client.receiveMessage(Duration.ofSeconds(60))).requestId());
    NoOtherAnswer.check(lb.testKit, broker, client);
  }

  @Test
  void aLongLeavesTheLastFreeSlotToAShortThatComesLater() {
    start(true, 1.0, 2); // two slots: a Long keeps one free for Shorts (lb.broker.queue.reserved-for-short = 1)
    broker.tell(new Submit(1, "Long", "queue", -1, client.ref()));
    broker.tell(new Submit(2, "Long", "queue", -1, client.ref()));
    Stats s = lb.stats();
    assertEquals(1, s.inFlight(), "the second Long waits although a slot is free");
    assertEquals(1, s.waiting());
    broker.tell(new Submit(3, "Short", "queue", -1, client.ref()));
    assertEquals(2, lb.stats().inFlight(), "the Short that came later takes the kept slot at once");
    workerHolds(2);
    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(3, answer());
    assertEquals(1, lb.stats().waiting(), "the slot is kept again: the running Long ends in 4 s");
    workerHolds(1);
    lb.time.timePasses(Duration.ofSeconds(4));
    assertEquals(1, answer());
    workerHolds(1);
    assertEquals(0, lb.stats().waiting(), "the first Long's slot freed: the second goes, one slot still free");
    lb.time.timePasses(Duration.ofSeconds(5));
    assertEquals(2, answer());
    NoOtherAnswer.check(lb.testKit, broker, client);
  }

  @Test
  void aJobTakenBackFromALostWorkerWaitsFirstInLineForTheNextFreeSlot() {
    lb = new TestBroker(Map.of("lb.worker.slots", 1, "lb.broker.queue.reserved-for-short", 0), true);
    client = lb.testKit.createTestProbe();
    ActorRef<WorkerMessage> lost = lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    worker = lb.testKit.spawn(Worker.create(lb.settings), "Worker-2");
    broker = lb.start(2);
    broker.tell(new Submit(1, "Long", "queue", -1, client.ref()));
    broker.tell(new Submit(2, "Long", "queue", -1, client.ref()));
    broker.tell(new Submit(3, "Short", "queue", -1, client.ref()));
    assertEquals(2, lb.stats().inFlight(), "a Long on each worker, the Short waits");
    workerHolds(1);

    lb.testKit.stop(lost);
    TestProbe<Stats> probe = lb.testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      Stats s = probe.receiveMessage();
      assertEquals(1, s.routableWorkers());
      assertEquals(1, s.inFlight(), "the Long taken back does not queue in Worker-2's busy slot");
      assertEquals(2, s.waiting());
      return null;
    });
    lb.time.timePasses(Duration.ofSeconds(5));
    long first = answer();
    workerHolds(1);
    WorkerStats w = lb.worker("Worker-2");
    assertEquals(2, w.longJobs(), "the Long taken back went first, before the waiting Short");
    assertEquals(0, w.shortJobs());
    lb.time.timePasses(Duration.ofSeconds(5));
    assertEquals(3 - first, answer(), "the other Long (ids 1 and 2)");
    workerHolds(1);
    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(3, answer());
    NoOtherAnswer.check(lb.testKit, broker, client);
  }
}
