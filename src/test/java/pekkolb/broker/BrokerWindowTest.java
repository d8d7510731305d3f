package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;
import pekkolb.worker.Worker;

/**
 * Back-pressure broker -> worker (issue 11.4): never more jobs unanswered at a worker than the
 * window it granted; the rest wait in the broker's queue in arrival order; beyond the broker's
 * capacity a Submit is rejected at once.
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerWindowTest {
  private final TestBroker lb = new TestBroker(Map.of("lb.worker.window", 2, "lb.broker.max-in-flight", 5));
  private final TestProbe<Reply> client = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  private long nextAnswer() {
    return assertInstanceOf(Response.class, client.receiveMessage()).requestId();
  }

  /** The next two answers' request ids, in either order (jobs that end at one instant may share a timer or not). */
  private Set<Long> nextTwoAnswers() {
    return Set.of(nextAnswer(), nextAnswer());
  }

  @Test
  void jobsBeyondTheWorkersWindowWaitInOrderAndGoOutAsAnswersFreeIt() {
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    for (int id = 1; id <= 5; id++) broker.tell(new Submit(id, "Short", "least_connections", -1, client.ref()));
    Stats s = lb.stats();
    assertEquals(2, s.inFlight(), "the worker granted a window of 2");
    assertEquals(3, s.waiting());
    assertEquals(2, s.workers().get(0).inFlight());

    broker.tell(new Submit(6, "Short", "least_connections", -1, client.ref())); // 5 held: at capacity
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertEquals(6, r.requestId());
    assertEquals("overloaded: 5 requests already in flight (lb.broker.max-in-flight)", r.reason());

    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(Set.of(1L, 2L), nextTwoAnswers());
    assertEquals(2, lb.stats().inFlight(), "3 and 4 went out as 1 and 2 were answered");
    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(Set.of(3L, 4L), nextTwoAnswers());
    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(5, nextAnswer());
    Stats after = lb.stats();
    assertEquals(0, after.inFlight() + after.waiting());
    assertEquals(5, after.workers().get(0).completed());
  }

  @Test
  void aSecondWorkersWindowIsUsedBeforeAnyRequestWaits() {
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-2");
    ActorRef<BrokerMessage> broker = lb.start(2);
    for (int id = 1; id <= 5; id++) broker.tell(new Submit(id, "Short", "round_robin", -1, client.ref()));
    Stats s = lb.stats();
    assertEquals(4, s.inFlight());
    assertEquals(1, s.waiting());
    for (var w : s.workers()) assertEquals(2, w.inFlight(), w.name());
  }
}
