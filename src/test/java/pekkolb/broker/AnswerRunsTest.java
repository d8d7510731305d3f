package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerMessage;

/**
 * A worker's batch of answers taken in runs ({@link AnswerRuns}) where it can, one by one where it
 * cannot: each request answered once, to its own client, with what it asked for; the worker's
 * count back where it was.
 */
@ExtendWith(LogCapturingExtension.class)
class AnswerRunsTest {
  private final TestBroker lb = new TestBroker(Map.of());
  private final TestProbe<ToClient> clientA = lb.testKit.createTestProbe();
  private final TestProbe<ToClient> clientB = lb.testKit.createTestProbe();
  private final TestProbe<Reply> loneClient = lb.testKit.createTestProbe();
  private final TestProbe<WorkerMessage> toWorker = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  private static SubmitBatch batch(long firstId, int n, String appType, ActorRef<ToClient> replyTo) {
    String[] types = new String[n];
    Arrays.fill(types, appType);
    return new SubmitBatch(LongStream.range(firstId, firstId + n).toArray(), types, new String[n], new long[n], replyTo);
  }

  @Test
  void runsOfTwoClientsAFailureALateAnswerAndARequestHeldAsAnObjectInOneBatchAreEachAnsweredOnce() {
    lb.testKit.spawn(TestBroker.greetingWorker(toWorker.ref(), 100), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    broker.tell(batch(1, 3, "Long", clientA.ref()));
    JobBatch a = assertInstanceOf(JobBatch.class, toWorker.receiveMessage());
    broker.tell(batch(11, 2, "Short", clientB.ref()));
    JobBatch b = assertInstanceOf(JobBatch.class, toWorker.receiveMessage());
    broker.tell(new Submit(21, "Short", null, -1, loneClient.ref())); // a lone Submit: held as an object
    Job lone = assertInstanceOf(Job.class, toWorker.receiveMessage());
    assertEquals(6, lb.stats().inFlight());

    // One batch of answers: A's first two, B's two (its second failed), the lone one, A's last, and
    // an answer to an attempt that never ran.
    long[] ids = {a.jobIds()[0], a.jobIds()[1], b.jobIds()[0], b.jobIds()[1], lone.jobId(), a.jobIds()[2], a.jobIds()[0]};
    int[] attempts = {1, 1, 1, 1, lone.attempt(), 1, 2};
    String[] failures = {null, null, null, "job failed: disk full", null, null, null};
    a.replyTo().tell(new JobsDone("Worker-1", 0, ids, attempts, failures));

    List<Long> toA = answered(clientA, 3, "Worker-1", "Long");
    assertEquals(List.of(1L, 2L, 3L), toA, "A's two runs, in order, in one batch");
    Rejected failed = assertInstanceOf(Rejected.class, clientB.receiveMessage(), "a rejection goes at once, answers at the flush");
    assertEquals(12, failed.requestId());
    assertEquals(List.of(11L), answered(clientB, 1, "Worker-1", "Short"));
    assertEquals(21, assertInstanceOf(Response.class, loneClient.receiveMessage()).requestId());
    assertEquals(0, lb.stats().inFlight(), "every job off its worker, the late answer ignored");
    assertEquals(5, lb.worker("Worker-1").completed(), "all but the failure");

    a.replyTo().tell(new JobsDone("Worker-1", 0, ids, attempts, failures)); // the same again: all late now
    assertEquals(0, lb.stats().inFlight());
    clientA.expectNoMessage();
    clientB.expectNoMessage();
    assertEquals(5, lb.worker("Worker-1").completed());
  }

  /** The ids of {@code n} answers to {@code client}, each from {@code worker} for {@code appType}. */
  private static List<Long> answered(TestProbe<ToClient> client, int n, String worker, String appType) {
    ResponseBatch rb = assertInstanceOf(ResponseBatch.class, client.receiveMessage());
    assertEquals(n, rb.size());
    for (int i = 0; i < n; i++) {
      assertEquals(worker, rb.worker(i));
      assertEquals(appType, rb.appType(i));
      assertEquals("round_robin", rb.approach(i));
    }
    return Arrays.stream(rb.requestIds()).boxed().toList();
  }
}
