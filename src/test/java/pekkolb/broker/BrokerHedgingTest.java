package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;
import pekkolb.worker.Pace;
import pekkolb.worker.Worker;
import pekkolb.worker.WorkerProfile;

/** hedged_least_connections: a job still unanswered after its type's p95 gets a copy elsewhere; one answer only. */
@ExtendWith(LogCapturingExtension.class)
class BrokerHedgingTest {
  private static final long STUCK_SIZE = 777;
  // No deadline backstop: it reads the real clock, which a slow machine runs past while ManualTime advances.
  private final TestBroker lb = new TestBroker(Map.of("lb.broker.job-deadline-margin", "0s"));
  private final TestProbe<Reply> client = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  @Test
  void aStuckJobIsHedgedAndTheFirstAnswerIsTheOnlyOne() {
    // The first job of STUCK_SIZE, wherever it lands, takes 100 s; every other job its nominal time.
    AtomicBoolean stuckOnce = new AtomicBoolean();
    Pace nominal = Pace.nominal(lb.settings, 1.0);
    Pace pace = (appType, sizeMillis) -> sizeMillis == STUCK_SIZE && stuckOnce.compareAndSet(false, true)
        ? Duration.ofSeconds(100).toNanos() : nominal.nanos(appType, sizeMillis);
    WorkerProfile profile = WorkerProfile.of(lb.settings, 0, 1.0);
    lb.testKit.spawn(Worker.create(profile, pace), "Worker-1");
    lb.testKit.spawn(Worker.create(profile, pace), "Worker-2");
    ActorRef<BrokerMessage> broker = lb.start(2);

    for (int i = 0; i < 64; i++) broker.tell(new Submit(i, "Short", "hedged_least_connections", 1, client.ref()));
    lb.advance(Duration.ofMillis(20), Duration.ofMillis(1));
    assertEquals(64, client.receiveSeveralMessages(64).stream().filter(Response.class::isInstance).count());

    broker.tell(new Submit(100, "Short", "hedged_least_connections", STUCK_SIZE, client.ref()));
    lb.advance(Duration.ofSeconds(2), Duration.ofMillis(20)); // the hedge's delay (the p95 so far), then 777 ms
    Reply reply = client.receiveMessage();
    Response answer = assertInstanceOf(Response.class, reply, reply::text);
    assertEquals(100, answer.requestId());
    long stuckOn = lb.stats().workers().stream().filter(w -> w.inFlight() == 0).count();
    assertEquals(2, stuckOn, "the stuck copy is off the broker's books once its twin answered");
    lb.advance(Duration.ofSeconds(100), Duration.ofSeconds(10)); // the abandoned copy answers late: ignored
    NoOtherAnswer.check(lb.testKit, broker, client);
    assertEquals(0, lb.stats().inFlight());
    assertEquals(65 + 1, lb.worker("Worker-1").shortJobs() + lb.worker("Worker-2").shortJobs(), "65 requests, one copy");
    assertEquals(1, lb.stats().hedged(), "the broker counts the copy it sent");
    assertEquals(1, lb.stats().hedgesWon(), "and that the copy answered first");
  }
}
