package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
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
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.Stats;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerMessage;

/**
 * A client's batch taken on in runs ({@link BatchAdmission}): as far as the workers' windows have
 * room, picked per request by the strategy; the rest waits its turn; every request answered once.
 */
@ExtendWith(LogCapturingExtension.class)
class BatchAdmissionTest {
  private final TestBroker lb = new TestBroker(Map.of());
  private final TestProbe<ToClient> client = lb.testKit.createTestProbe();
  private final TestProbe<WorkerMessage> toWorker1 = lb.testKit.createTestProbe();
  private final TestProbe<WorkerMessage> toWorker2 = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  private ActorRef<BrokerMessage> startTwoWorkersWithWindow(int window) {
    lb.testKit.spawn(TestBroker.greetingWorker(toWorker1.ref(), window), "Worker-1");
    lb.testKit.spawn(TestBroker.greetingWorker(toWorker2.ref(), window), "Worker-2");
    return lb.start(2);
  }

  private static SubmitBatch batch(long firstId, int n, String appType, String approach, ActorRef<ToClient> replyTo) {
    String[] types = new String[n];
    String[] approaches = new String[n];
    Arrays.fill(types, appType);
    Arrays.fill(approaches, approach);
    return new SubmitBatch(LongStream.range(firstId, firstId + n).toArray(), types, approaches, new long[n], replyTo);
  }

  @Test
  void aBatchBeyondTheWindowsGoesOutAsFarAsThereIsRoomAndTheRestWaitsItsTurn() {
    ActorRef<BrokerMessage> broker = startTwoWorkersWithWindow(3);
    broker.tell(batch(1, 10, "Short", "round_robin", client.ref()));

    JobBatch first1 = assertInstanceOf(JobBatch.class, toWorker1.receiveMessage());
    JobBatch first2 = assertInstanceOf(JobBatch.class, toWorker2.receiveMessage());
    assertEquals(3, first1.size(), "round robin: each worker up to its window");
    assertEquals(3, first2.size());
    Stats s = lb.stats();
    assertEquals(6, s.inFlight());
    assertEquals(4, s.waiting(), "what found no room waits, not rejected");
    assertEquals(3, lb.worker("Worker-1").shortJobs());

    // Worker-1 finishes its three: three of the waiting go to it, the oldest first; the last one to Worker-2.
    finish(first1, "Worker-1");
    WorkerMessage second1 = toWorker1.receiveMessage();
    assertEquals(3, sizeOf(second1));
    finish(first2, "Worker-2");
    WorkerMessage second2 = toWorker2.receiveMessage();
    assertEquals(1, sizeOf(second2), "a job alone goes as a plain Job");
    finish(second1, "Worker-1");
    finish(second2, "Worker-2");

    List<Long> answered = new ArrayList<>();
    while (answered.size() < 10) {
      ToClient r = client.receiveMessage();
      if (r instanceof ResponseBatch rb) for (long id : rb.requestIds()) answered.add(id);
      else answered.add(assertInstanceOf(Response.class, r).requestId());
    }
    answered.sort(null);
    assertEquals(LongStream.rangeClosed(1, 10).boxed().toList(), answered, "every request answered, once");
    assertEquals(0, lb.stats().inFlight());
    assertEquals(6, lb.worker("Worker-1").completed());
    assertEquals(4, lb.worker("Worker-2").completed());
  }

  @Test
  void leastConnectionsPicksPerRequestWithinABatch() {
    ActorRef<BrokerMessage> broker = startTwoWorkersWithWindow(100);
    broker.tell(batch(1, 2, "Long", "round_robin", client.ref())); // one job on each worker
    toWorker1.receiveMessage();
    Job onWorker2 = assertInstanceOf(Job.class, toWorker2.receiveMessage());
    onWorker2.replyTo().tell(new JobDone(onWorker2.jobId(), onWorker2.attempt(), "Worker-2", 0, null));
    client.receiveMessage(); // its answer: loads are 1 and 0 now

    broker.tell(batch(10, 5, "Long", "least_connections", client.ref()));
    assertEquals(2, sizeOf(toWorker1.receiveMessage()), "each pick sees the loads the picks before it left: 1 + 2");
    assertEquals(3, sizeOf(toWorker2.receiveMessage()), "0 + 3");
  }

  @Test
  void aRunEndsWhereAnEntryAsksForAnotherTypeApproachOrSize() {
    SubmitBatch b = new SubmitBatch(new long[] {1, 2, 3, 4, 5, 6}, new String[] {"Short", "Short", "Short", "Long", "Long", "Long"},
        new String[] {null, null, "round_robin", "round_robin", new String("round_robin"), "round_robin"},
        new long[] {-1, -1, -1, -1, -1, 5}, client.ref());
    assertEquals(2, Admission.runEnd(b, 0), "approach null, then named");
    assertEquals(3, Admission.runEnd(b, 2), "app type changes");
    assertEquals(5, Admission.runEnd(b, 3), "an equal String that is another object is alike");
    assertEquals(6, Admission.runEnd(b, 5), "size changes; a run ends with the batch");
  }

  /** Answers every job of {@code m} (a Job or a JobBatch) as done. */
  private static void finish(WorkerMessage m, String worker) {
    if (m instanceof JobBatch b) b.replyTo().tell(new JobsDone(worker, 0, b.jobIds(), b.attempts(), null));
    else if (m instanceof Job j) j.replyTo().tell(new JobDone(j.jobId(), j.attempt(), worker, 0, null));
  }

  private static int sizeOf(WorkerMessage m) {
    return m instanceof JobBatch b ? b.size() : 1;
  }
}
