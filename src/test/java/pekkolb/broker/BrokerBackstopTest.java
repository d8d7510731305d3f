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
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
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

  /** A worker that takes jobs and never answers, like one on a machine that froze. */
  private static Behavior<Worker.Command> blackHole() {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(Worker.SERVICE_KEY, ctx.getSelf()));
      return Behaviors.ignore();
    });
  }

  private void awaitWorkers(ActorRef<Broker.Command> broker, int n) {
    TestProbe<Broker.Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new Broker.GetStats(probe.ref()));
      assertEquals(n, probe.receiveMessage().workers().size());
      return null;
    });
  }

  @Test
  void aJobPastItsDeadlineGoesToAnotherWorker() {
    testKit.spawn(blackHole(), "Worker-0");
    testKit.spawn(Worker.create(settings), "Worker-1");
    ActorRef<Broker.Command> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitWorkers(broker, 2);
    TestProbe<Broker.Reply> client = testKit.createTestProbe();
    broker.tell(new Broker.Submit(1, "Short", "round_robin", -1, client.ref())); // round robin: Worker-0 first
    Broker.Response r = assertInstanceOf(Broker.Response.class, client.receiveMessage(Duration.ofSeconds(5)));
    assertEquals("Worker-1", r.worker());
    client.expectNoMessage(Duration.ofMillis(200));
  }

  @Test
  void aJobNobodyAnswersIsRejectedAfterMaxAttempts() {
    testKit.spawn(blackHole(), "Worker-0");
    ActorRef<Broker.Command> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitWorkers(broker, 1);
    TestProbe<Broker.Reply> client = testKit.createTestProbe();
    broker.tell(new Broker.Submit(9, "Short", "least_connections", -1, client.ref()));
    Broker.Rejected r = assertInstanceOf(Broker.Rejected.class, client.receiveMessage(Duration.ofSeconds(5)));
    assertEquals(9, r.requestId());
    assertEquals("no answer from Worker-0 within its deadline; gave up after 3 attempt(s) (lb.broker.max-attempts)", r.reason());
  }

  @Test
  void aRequestWaitingTooLongForAnyWorkerIsRejected() {
    ActorRef<Broker.Command> broker = testKit.spawn(Broker.create(settings), "broker");
    TestProbe<Broker.Reply> client = testKit.createTestProbe();
    broker.tell(new Broker.Submit(3, "Long", null, -1, client.ref()));
    Broker.Rejected r = assertInstanceOf(Broker.Rejected.class, client.receiveMessage(Duration.ofSeconds(5)));
    assertEquals("no worker became available within 30 s", r.reason());
  }
}
