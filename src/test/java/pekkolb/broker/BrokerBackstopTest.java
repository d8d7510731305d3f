package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerMessage;
import pekkolb.worker.Worker;

/**
 * The broker's backstops, in real time at time scale 0.01 (a 5 s margin is 50 ms): a job whose
 * worker never answers is re-dispatched at its deadline, and a request that waits too long for any
 * worker is rejected.
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerBackstopTest {

  private final Map<String, Object> fast = Map.of(
      "lb.time-scale", 0.01,
      "lb.broker.sweep-interval", "10ms",
      "lb.broker.job-deadline-margin", "5s",
      "lb.broker.pending-timeout", "30s");
  private final ActorTestKit testKit = ActorTestKit.create(TestSettings.config(fast));
  private final LbSettings settings = TestSettings.settings(fast);

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A worker that says hello, then takes jobs and never answers, like one on a machine that froze. */
  static Behavior<WorkerMessage> blackHole() {
    return TestBroker.greetingWorker(null); // jobs are swallowed
  }

  private void awaitWorkers(ActorRef<BrokerMessage> broker, int n) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(n, probe.receiveMessage().workers().size());
      return null;
    });
  }

  @Test
  void aJobPastItsDeadlineGoesToAnotherWorker() {
    testKit.spawn(blackHole(), "Worker-0");
    testKit.spawn(Worker.create(settings), "Worker-1");
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitWorkers(broker, 2);
    TestProbe<Reply> client = testKit.createTestProbe();
    broker.tell(new Submit(1, "Short", "round_robin", -1, client.ref())); // round robin: Worker-0 first
    Response r = assertInstanceOf(Response.class, client.receiveMessage(Duration.ofSeconds(5)));
    assertEquals("Worker-1", r.worker());
    NoOtherAnswer.check(testKit, broker, client);
  }

  @Test
  void aJobNobodyAnswersIsRejectedAfterMaxAttempts() {
    testKit.spawn(blackHole(), "Worker-0");
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitWorkers(broker, 1);
    TestProbe<Reply> client = testKit.createTestProbe();
    broker.tell(new Submit(9, "Short", "least_connections", -1, client.ref()));
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(9, r.requestId());
    assertEquals("no answer from Worker-0 within its deadline; gave up after 3 attempt(s) (lb.broker.max-attempts)", r.reason());
  }

  @Test
  void aRequestWaitingTooLongForAnyWorkerIsRejected() {
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    TestProbe<Reply> client = testKit.createTestProbe();
    broker.tell(new Submit(3, "Long", null, -1, client.ref()));
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage(Duration.ofSeconds(5)));
    assertEquals("no worker became available within 30 s", r.reason());
  }
}
