package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerMessage;

/**
 * Completions in batches (issue 12): a {@link JobsDone} answers each request it names once; an entry
 * for a job already answered, or for an attempt that is not the current one, is ignored.
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerBatchingTest {
  private final TestBroker lb = new TestBroker(Map.of());
  private final TestProbe<Reply> client = lb.testKit.createTestProbe();
  private final TestProbe<WorkerMessage> jobs = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }


  private record Sent(long jobId, int attempt) {}

  /** The next {@code n} jobs the broker sent, whether one by one or in batches; also where to answer them. */
  private List<Sent> receiveJobs(int n, List<ActorRef<JobsDone>> batchReplyTo, List<ActorRef<JobDone>> singleReplyTo) {
    List<Sent> sent = new ArrayList<>();
    while (sent.size() < n) {
      WorkerMessage m = jobs.receiveMessage();
      if (m instanceof Job j) {
        sent.add(new Sent(j.jobId(), j.attempt()));
        singleReplyTo.add(j.replyTo());
      } else if (m instanceof JobBatch b) {
        for (int i = 0; i < b.size(); i++) sent.add(new Sent(b.jobIds()[i], b.attempts()[i]));
        batchReplyTo.add(b.replyTo());
      } else {
        fail("unexpected message to the worker: " + m);
      }
    }
    assertEquals(n, sent.size(), "no more jobs than requests");
    return sent;
  }

  private static JobsDone done(List<Sent> entries) {
    long[] ids = entries.stream().mapToLong(Sent::jobId).toArray();
    int[] attempts = entries.stream().mapToInt(Sent::attempt).toArray();
    return new JobsDone("Worker-1", 0, ids, attempts, null);
  }

  /** One worker the test answers for (its jobs go to {@link #jobs}), the broker, and requests 1..n submitted. */
  private ActorRef<BrokerMessage> startWithRequests(int n) {
    lb.testKit.spawn(TestBroker.greetingWorker(jobs.ref()), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    for (int id = 1; id <= n; id++) broker.tell(new Submit(id, "Short", "round_robin", -1, client.ref()));
    return broker;
  }

  @Test
  void aBatchOfCompletionsAnswersEachRequestOnceAndIgnoresDuplicatesAndOldAttempts() {
    ActorRef<BrokerMessage> broker = startWithRequests(3);
    List<Sent> sent = receiveJobs(3, new ArrayList<>(), new ArrayList<>());
    Sent a = sent.get(0);
    Sent b = sent.get(1);
    Sent c = sent.get(2);

    // One message for all three, with job a twice and an attempt of b that was never sent.
    broker.tell(done(List.of(a, new Sent(b.jobId(), b.attempt() + 1), b, c, a)));
    Set<Long> answered = new HashSet<>();
    for (int i = 0; i < 3; i++) answered.add(assertInstanceOf(Response.class, client.receiveMessage()).requestId());
    assertEquals(Set.of(1L, 2L, 3L), answered);

    // The same batch again: every entry is late now.
    broker.tell(done(List.of(a, b, c)));
    Stats s = lb.stats(); // read after the late batch: the broker handles its messages in order
    assertEquals(0, s.inFlight());
    assertEquals(3, s.workers().get(0).completed(), "a late or duplicate completion counts for nothing");

    // The next answer the client sees is the next request's: nothing was answered twice in between.
    broker.tell(new Submit(4, "Short", "round_robin", -1, client.ref()));
    List<ActorRef<JobDone>> single = new ArrayList<>();
    List<ActorRef<JobsDone>> batched = new ArrayList<>();
    Sent d = receiveJobs(1, batched, single).get(0);
    assertEquals(List.of(), single, "a job alone goes as a batch of one");
    batched.get(0).tell(new JobsDone("Worker-1", 0, new long[] {d.jobId()}, new int[] {d.attempt()}, null));
    assertEquals(4, assertInstanceOf(Response.class, client.receiveMessage()).requestId());
    assertEquals(4, lb.worker("Worker-1").completed());
  }

  @Test
  void aFailureInABatchRejectsOnlyItsOwnRequest() {
    ActorRef<BrokerMessage> broker = startWithRequests(2);
    List<Sent> sent = receiveJobs(2, new ArrayList<>(), new ArrayList<>());
    broker.tell(new JobsDone("Worker-1", 0, new long[] {sent.get(0).jobId(), sent.get(1).jobId()},
        new int[] {sent.get(0).attempt(), sent.get(1).attempt()}, new String[] {"cannot run it", null}));
    List<Reply> replies = List.of(client.receiveMessage(), client.receiveMessage());
    long rejected = replies.stream().filter(r -> r instanceof Rejected).count();
    assertEquals(1, rejected);
    assertEquals(1, lb.worker("Worker-1").completed());
    assertEquals(0, lb.stats().inFlight());
  }

  @Test
  void aBatchOfRequestsIsAnsweredOnceEachInResponseBatchesAndABadEntryAloneIsRejected() {
    TestProbe<ToClient> batchClient = lb.testKit.createTestProbe();
    ActorRef<BrokerMessage> broker = startWithRequests(0);
    broker.tell(new SubmitBatch(new long[] {11, 12, 13, 14}, new String[] {"Short", "Medium", "Short", "Long"},
        new String[] {"round_robin", "round_robin", null, "least_connections"}, new long[] {-1, -1, -1, -1},
        batchClient.ref()));
    Rejected bad = assertInstanceOf(Rejected.class, batchClient.receiveMessage());
    assertEquals(12, bad.requestId());
    assertTrue(bad.reason().contains("unknown app type 'Medium'"), bad.reason());

    List<Sent> sent = receiveJobs(3, new ArrayList<>(), new ArrayList<>());
    broker.tell(done(sent));
    List<Long> answered = new ArrayList<>();
    while (answered.size() < 3) {
      ResponseBatch batch = assertInstanceOf(ResponseBatch.class, batchClient.receiveMessage());
      for (int i = 0; i < batch.size(); i++) {
        answered.add(batch.requestIds()[i]);
        assertEquals("Worker-1", batch.worker(i));
      }
    }
    answered.sort(null);
    assertEquals(List.of(11L, 13L, 14L), answered);
    broker.tell(new Submit(15, "Short", "round_robin", -1, batchClient.ref().narrow()));
    Sent e = receiveJobs(1, new ArrayList<>(), new ArrayList<>()).get(0);
    broker.tell(done(List.of(e)));
    assertEquals(15, assertInstanceOf(Response.class, batchClient.receiveMessage()).requestId(),
        "a request sent alone is answered alone, and no answer of the batch came twice");
    assertEquals(0, lb.stats().inFlight());
  }

  @Test
  void aBatchWithNobodyToAnswerIsDroppedAndTheBrokerServesOn() {
    ActorRef<BrokerMessage> broker = startWithRequests(0);
    broker.tell(new SubmitBatch(new long[] {1}, new String[] {"Short"}, new String[] {null}, new long[] {-1}, null));
    broker.tell(new Submit(2, "Short", "round_robin", -1, client.ref()));
    Sent s = receiveJobs(1, new ArrayList<>(), new ArrayList<>()).get(0);
    broker.tell(done(List.of(s)));
    assertEquals(2, assertInstanceOf(Response.class, client.receiveMessage()).requestId());
  }
}
