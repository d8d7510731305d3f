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
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;
import pekkolb.worker.Pace;
import pekkolb.worker.Worker;
import pekkolb.worker.WorkerProfile;

/** An untrusted job size (issue 9.4): the broker refuses it, and a worker never dies of one. */
@ExtendWith(LogCapturingExtension.class)
class BrokerJobSizeTest {
  private final TestBroker lb = new TestBroker(Map.of("lb.broker.job-deadline-margin", "5s"));
  private final TestProbe<Reply> client = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  @Test
  void aSizeBeyondTheLimitIsRejectedNamingItAndEveryWorkerStaysRoutable() {
    for (int i = 1; i <= 3; i++) lb.testKit.spawn(Worker.create(lb.settings), "Worker-" + i);
    ActorRef<BrokerMessage> broker = lb.start(3);
    broker.tell(new Submit(1, "Short", "round_robin", 3_000_000_000L, client.ref()));
    broker.tell(new Submit(2, "Short", "round_robin", -2, client.ref()));
    for (long id = 1; id <= 2; id++) {
      Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage());
      assertEquals(id, r.requestId());
      long size = id == 1 ? 3_000_000_000L : -2;
      assertEquals("job size " + size + " ms is not -1 (the type's duration) or 0 .. 3600000 ms (lb.broker.max-job-size = 1h)",
          r.reason());
    }
    assertEquals(3, lb.stats().routableWorkers());
    broker.tell(new Submit(3, "Short", "round_robin", 3_600_000, client.ref())); // the limit itself is fine
    lb.advance(Duration.ofHours(1), Duration.ofMinutes(1));
    assertEquals(3, assertInstanceOf(Response.class, client.receiveMessage()).requestId());
  }

  @Test
  void aJobTheWorkerWillNotRunIsRejectedWithItsReasonAndNotRetriedElsewhere() {
    // This worker takes jobs of at most 10 ms, the broker up to an hour.
    lb.testKit.spawn(Worker.create(new WorkerProfile(0, 1.0, 1000, 10, java.time.Duration.ofSeconds(1)), Pace.nominal(lb.settings, 1.0)), "Worker-1");
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-2");
    ActorRef<BrokerMessage> broker = lb.start(2);
    broker.tell(new Submit(7, "Short", "round_robin", 100, client.ref())); // round robin: Worker-1 first
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertEquals("job size 100 ms is outside -1 .. 10 ms (lb.broker.max-job-size) at Worker-1", r.reason());
    assertEquals(1, lb.worker("Worker-1").shortJobs());
    assertEquals(0, lb.worker("Worker-2").shortJobs());
    assertEquals(0, lb.stats().inFlight());
    NoOtherAnswer.check(lb.testKit, broker, client);
    broker.tell(new Submit(8, "Short", "round_robin", 5, client.ref())); // Worker-2, then Worker-1 again
    broker.tell(new Submit(9, "Short", "round_robin", 5, client.ref()));
    lb.advance(Duration.ofMillis(10), Duration.ofMillis(1));
    assertEquals(2, client.receiveSeveralMessages(2).stream().filter(Response.class::isInstance).count());
  }
}
