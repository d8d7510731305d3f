package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerStats;
import pekkolb.worker.Worker;

/**
 * A slow worker is not a dead one (issue 9.3): the deadline allows for the worker's speed and the
 * jobs queued behind its slots; a frozen worker still has its jobs taken back, within a budget.
 * Real time, scaled down (deadlines read the real clock): at 0.05 a Long job at speed 0.4 takes 625 ms.
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerDeadlineTest {
  private TestBroker lb;
  private TestProbe<Reply> client;

  private void start(double timeScale, Map<String, Object> overrides) {
    Map<String, Object> all = new HashMap<>(overrides);
    all.put("lb.time-scale", timeScale);
    all.put("lb.broker.sweep-interval", "1s"); // scaled: every 10-50 ms
    all.put("lb.broker.job-deadline-margin", "5s");
    all.put("lb.broker.pending-timeout", "25s");
    lb = new TestBroker(all, false);
    client = lb.testKit.createTestProbe();
  }

  @AfterEach
  void shutdown() {
    if (lb != null) lb.close();
  }

  @Test
  void fiveLongJobsQueuedOnASlowOneSlotWorkerAreAnsweredOnceAndNeverRedispatched() {
    start(0.05, Map.of("lb.worker.speed", 0.4, "lb.worker.slots", 1));
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    for (int id = 1; id <= 5; id++) broker.tell(new Submit(id, "Long", "least_connections", -1, client.ref()));
    // One at a time, 625 ms each: the fifth is answered after about 3.1 s. A deadline from the nominal
    // 5 s + 5 s margin (500 ms here) would have taken every one of them back.
    List<Reply> replies = client.receiveSeveralMessages(5, Duration.ofSeconds(60));
    for (int i = 0; i < 5; i++) assertEquals(i + 1, assertInstanceOf(Response.class, replies.get(i)).requestId());
    NoOtherAnswer.check(lb.testKit, broker, client);
    WorkerStats w = lb.worker("Worker-1");
    assertEquals(5, w.longJobs(), "dispatches: one per job, none re-dispatched");
    assertEquals(5, w.completed());
  }

  @Test
  void aFrozenWorkerStillHasItsJobsTakenBack() {
    start(0.01, Map.of());
    lb.testKit.spawn(BrokerBackstopTest.blackHole(), "Worker-1");
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-2");
    ActorRef<BrokerMessage> broker = lb.start(2);
    broker.tell(new Submit(1, "Long", "round_robin", -1, client.ref())); // round robin: Worker-1 first
    // Due at 3 x 5 s + 5 s = 20 s (200 ms), then 5 s (50 ms) on Worker-2.
    Response r = assertInstanceOf(Response.class, client.receiveMessage(Duration.ofSeconds(30)));
    assertEquals("Worker-2", r.worker());
    assertEquals(1, lb.worker("Worker-1").longJobs());
    assertEquals(1, lb.worker("Worker-2").longJobs());
  }

  @Test
  void redispatchesAtTheDeadlineAreBoundedByTheBudget() {
    // At most max(1, 10% of 3) = 1 re-dispatch at once: job 1 goes round its 3 attempts while jobs 2
    // and 3 stay where they are; only when job 1 has given up does the next one get its turn.
    start(0.01, Map.of("lb.broker.redispatch-budget-min", 1));
    lb.testKit.spawn(BrokerBackstopTest.blackHole(), "Worker-1");
    lb.testKit.spawn(BrokerBackstopTest.blackHole(), "Worker-2");
    ActorRef<BrokerMessage> broker = lb.start(2);
    for (int id = 1; id <= 3; id++) broker.tell(new Submit(id, "Short", "round_robin", -1, client.ref()));
    Rejected first = assertInstanceOf(Rejected.class, client.receiveMessage(Duration.ofSeconds(30)));
    assertEquals(1, first.requestId());
    assertTrue(first.reason().endsWith("gave up after 3 attempt(s) (lb.broker.max-attempts)"), first.reason());
    long dispatches = lb.worker("Worker-1").shortJobs() + lb.worker("Worker-2").shortJobs();
    // 3 first tries + job 1's 2 re-dispatches, and at most the next job's first re-dispatch since;
    // without the budget all three would have been re-dispatched twice by now (9).
    assertTrue(dispatches == 5 || dispatches == 6, "dispatches " + dispatches);
    for (Reply r : client.receiveSeveralMessages(2, Duration.ofSeconds(30))) {
      assertTrue(assertInstanceOf(Rejected.class, r).reason().endsWith("gave up after 3 attempt(s) (lb.broker.max-attempts)"));
    }
    assertEquals(9, lb.worker("Worker-1").shortJobs() + lb.worker("Worker-2").shortJobs());
  }
}
