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
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;
import pekkolb.worker.Pace;
import pekkolb.worker.Worker;
import pekkolb.worker.WorkerProfile;

/** A job a worker fails through its own fault is tried once more elsewhere, within the retry budget. */
@ExtendWith(LogCapturingExtension.class)
class BrokerRetryTest {
  // A budget of 1% with a burst of one token: the first fault is retried, the next one is not.
  private final TestBroker lb = new TestBroker(Map.of("lb.broker.retry-budget", 0.01, "lb.broker.retry-budget-burst", 1));
  private final TestProbe<Reply> client = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  /** Runs jobs at the nominal pace and fails every one of them at its end. */
  private static Pace failingEveryJob(Pace nominal) {
    return new Pace() {
      @Override
      public long nanos(AppType appType, long sizeMillis) {
        return nominal.nanos(appType, sizeMillis);
      }

      @Override
      public String fault(long jobId) {
        return "disk full";
      }
    };
  }

  @Test
  void aWorkersFaultIsRetriedOnAnotherWorkerUntilTheBudgetIsSpent() {
    WorkerProfile profile = WorkerProfile.of(lb.settings, 0, 1.0);
    lb.testKit.spawn(Worker.create(profile, failingEveryJob(Pace.nominal(lb.settings, 1.0))), "Worker-1");
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-2");
    ActorRef<BrokerMessage> broker = lb.start(2);

    broker.tell(new Submit(1, "Short", "round_robin", 5, client.ref())); // round robin: Worker-1 first
    lb.advance(Duration.ofMillis(20), Duration.ofMillis(1));
    Response first = assertInstanceOf(Response.class, client.receiveMessage());
    assertEquals("Worker-2", first.worker(), "retried on the other worker");
    assertEquals(1, lb.worker("Worker-1").shortJobs());
    assertEquals(1, lb.worker("Worker-2").shortJobs());

    broker.tell(new Submit(2, "Short", "round_robin", 5, client.ref())); // Worker-1 again; no token left
    lb.advance(Duration.ofMillis(20), Duration.ofMillis(1));
    Rejected second = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertEquals(2, second.requestId());
    assertEquals("disk full", second.reason());
    assertEquals(0, lb.stats().inFlight());
    NoOtherAnswer.check(lb.testKit, broker, client); // one answer per request
  }
}
