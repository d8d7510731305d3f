package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerMessage;
import pekkolb.routing.PeakEwma;

/**
 * The broker's outgoing jobs: one message per worker per flush, a lone job as a plain Job, a full buffer at once;
 * and its answers to a batching client, in runs.
 */
class OutboxTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private final TestProbe<BrokerMessage> self = testKit.createTestProbe();
  private final Outbox outbox = new Outbox(self.ref());

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static WorkerEntry worker(TestProbe<WorkerMessage> probe) {
    return new WorkerEntry(probe.ref(), 1, new PeakEwma(1_000_000_000L, 0), false, null);
  }

  private static AcceptedRequest request(long jobId, int attempt) {
    AcceptedRequest r = new AcceptedRequest(jobId, jobId, AppType.SHORT, Approach.ROUND_ROBIN, -1, null, null, 0, 1_000_000_000L);
    r.attempt = attempt;
    return r;
  }

  @Test
  void jobsForOneWorkerGoTogetherAtTheFlushAndALoneJobAlone() {
    TestProbe<WorkerMessage> p1 = testKit.createTestProbe();
    TestProbe<WorkerMessage> p2 = testKit.createTestProbe();
    WorkerEntry w1 = worker(p1);
    WorkerEntry w2 = worker(p2);
    AcceptedRequest third = request(3, 1);
    outbox.send(w1, request(1, 1));
    outbox.send(w2, request(2, 1));
    outbox.send(w1, third);
    third.attempt = 2; // re-dispatched before the flush: w1 was still sent attempt 1
    BrokerMessage marker = new GetStats(null);
    self.ref().tell(marker); // from this thread too, so it arrives after anything the outbox sent
    assertEquals(Outbox.Flush.INSTANCE, self.receiveMessage());
    assertEquals(marker, self.receiveMessage(), "one Flush for the whole run");
    outbox.flush();

    JobBatch toW1 = assertInstanceOf(JobBatch.class, p1.receiveMessage());
    assertArrayEquals(new long[] {1, 3}, toW1.jobIds());
    assertArrayEquals(new int[] {1, 1}, toW1.attempts());
    assertEquals(AppType.SHORT, toW1.appTypes()[1]);
    Job toW2 = assertInstanceOf(Job.class, p2.receiveMessage());
    assertEquals(2, toW2.jobId());

    outbox.send(w2, request(4, 1)); // a new run asks for a new Flush
    assertEquals(Outbox.Flush.INSTANCE, self.receiveMessage());
  }

  @Test
  void aFullBufferGoesWithoutWaitingForTheFlush() {
    TestProbe<WorkerMessage> p = testKit.createTestProbe();
    WorkerEntry w = worker(p);
    for (int i = 1; i <= Outbox.LIMIT + 1; i++) outbox.send(w, request(i, 1));
    assertEquals(Outbox.LIMIT, assertInstanceOf(JobBatch.class, p.receiveMessage()).size());
    outbox.flush();
    assertEquals(Outbox.LIMIT + 1, assertInstanceOf(Job.class, p.receiveMessage()).jobId());
    outbox.flush(); // nothing left: nothing sent
    Job marker = new Job(-1, 1, AppType.SHORT, 0, null);
    p.ref().tell(marker);
    assertEquals(marker, p.receiveMessage());
  }

  @Test
  void aSlotReusedForAnotherTypeCarriesThatType() {
    TestProbe<WorkerMessage> p = testKit.createTestProbe();
    WorkerEntry w = worker(p);
    outbox.send(w, 1, 1, AppType.SHORT, -1);
    outbox.send(w, 2, 1, AppType.SHORT, -1);
    outbox.flush();
    assertArrayEquals(new AppType[] {AppType.SHORT, AppType.SHORT}, assertInstanceOf(JobBatch.class, p.receiveMessage()).appTypes());
    outbox.send(w, 3, 1, AppType.SHORT, -1);
    outbox.send(w, 4, 1, AppType.LONG, -1); // the slot held SHORT from the batch before
    outbox.flush();
    assertArrayEquals(new AppType[] {AppType.SHORT, AppType.LONG}, assertInstanceOf(JobBatch.class, p.receiveMessage()).appTypes());
  }

  @Test
  void answersToAClientGoInRunsOfOneWorkerTypeAndApproach() {
    TestProbe<ToClient> client = testKit.createTestProbe();
    Outbox.ClientAnswers c = outbox.client(client.ref());
    outbox.answer(c, 1, "Worker-1", "Long", "round_robin", 5001);
    outbox.answer(c, 2, "Worker-1", "Long", "round_robin", 5002);
    outbox.answer(c, 3, "Worker-2", "Long", "round_robin", 5003);
    outbox.answer(c, 4, "Worker-2", "Short", "round_robin", 1004);
    outbox.answer(c, 5, "Worker-2", "Short", "least_connections", 1005);
    outbox.answer(c, 6, "Worker-1", "Long", "round_robin", 5006);
    outbox.flush();
    ResponseBatch b = assertInstanceOf(ResponseBatch.class, client.receiveMessage());
    assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, b.requestIds());
    assertArrayEquals(new long[] {5001, 5002, 5003, 1004, 1005, 5006}, b.elapsedMillis());
    assertArrayEquals(new int[] {2, 3, 4, 5, 6}, b.runEnds());
    assertArrayEquals(new String[] {"Worker-1", "Worker-2", "Worker-2", "Worker-2", "Worker-1"}, b.workers());
    assertArrayEquals(new String[] {"Long", "Long", "Short", "Short", "Long"}, b.appTypes());
    assertArrayEquals(new String[] {"round_robin", "round_robin", "round_robin", "least_connections", "round_robin"}, b.approaches());

    outbox.answer(c, 7, "Worker-3", "Long", "round_robin", 5007); // the next batch starts its own runs
    outbox.flush();
    ResponseBatch next = assertInstanceOf(ResponseBatch.class, client.receiveMessage());
    assertArrayEquals(new int[] {1}, next.runEnds());
    assertEquals(new Response(7, "Worker-3", "Long", "round_robin", 5007), next.response(0));
  }
}
