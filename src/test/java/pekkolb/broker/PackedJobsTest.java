package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerMessage;
import pekkolb.routing.PeakEwma;

/**
 * The broker's scratch request in the job table: kept as columns, it comes back with every field it
 * went in with, as one object from then on, across many pages, through the overflow, the deadline
 * scan and a worker's loss; and filling the scratch again for the next request changes nothing already put.
 */
class PackedJobsTest {
  private static final ActorTestKit testKit = ActorTestKit.create();
  private final AcceptedRequest scratch = AcceptedRequest.scratch();
  private final ActorRef<ToClient> client = testKit.<ToClient>createTestProbe().ref();
  private final Outbox.ClientAnswers batchTo = new Outbox.ClientAnswers(client);
  private final WorkerEntry w1 = worker();
  private final WorkerEntry w2 = worker();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static WorkerEntry worker() {
    return new WorkerEntry(testKit.<WorkerMessage>createTestProbe().ref(), 1, new PeakEwma(1_000_000_000L, 0), false, null);
  }

  /** Job {@code id} filled into the scratch request as the broker does at dispatch; its fields follow from the id. */
  private AcceptedRequest dispatched(long id) {
    ActorRef<Reply> replyTo = client.narrow();
    scratch.reuse(id, 1000 + id, id % 2 == 0 ? AppType.LONG : AppType.SHORT, id % 3 == 0 ? Approach.LEAST_WORK : Approach.ROUND_ROBIN,
        id % 5 == 0 ? 7 : -1, replyTo, batchTo, 10 * id, 100 * id);
    scratch.worker = id % 2 == 0 ? w1 : w2;
    scratch.attempt = 1;
    scratch.dispatchedNanos = 10 * id + 1;
    scratch.deadlineNanos = 1_000 * id;
    return scratch;
  }

  private void assertFields(long id, AcceptedRequest r) {
    assertFalse(r.scratch, "an object of its own, not the scratch");
    assertEquals(id, r.jobId);
    assertEquals(1000 + id, r.requestId);
    assertEquals(id % 2 == 0 ? AppType.LONG : AppType.SHORT, r.appType);
    assertEquals(id % 3 == 0 ? Approach.LEAST_WORK : Approach.ROUND_ROBIN, r.approach);
    assertEquals(id % 5 == 0 ? 7 : -1, r.sizeMillis);
    assertSame(client, r.replyTo);
    assertSame(batchTo, r.batchTo);
    assertEquals(10 * id, r.submittedNanos);
    assertEquals(100 * id, r.expectedNanos);
    assertSame(id % 2 == 0 ? w1 : w2, r.worker);
    assertEquals(1, r.attempt);
    assertEquals(10 * id + 1, r.dispatchedNanos);
    assertEquals(1_000 * id, r.deadlineNanos);
  }

  @Test
  void aBurstOfScratchRequestsComesBackFieldForFieldAcrossManyPages() {
    JobTable table = new JobTable();
    int n = JobTable.PAGE * 20;
    for (long id = 1; id <= n; id++) table.put(dispatched(id));
    assertEquals(n, table.size());
    AcceptedRequest seven = table.get(7);
    assertFields(7, seven);
    assertSame(seven, table.get(7), "once out of the columns, the same object every time");
    seven.attempt = 2; // what the broker changes on it is what the table holds
    assertEquals(2, table.get(7).attempt);
    for (long id = n; id >= 1; id--) {
      AcceptedRequest r = table.remove(id);
      if (id != 7) assertFields(id, r);
    }
    assertEquals(0, table.size());
    assertEquals(0, table.named(), "no worker or client is named once no job is");
    assertNull(table.get(7));
  }

  @Test
  void aScratchRequestLappedByTheRingIsKeptAsItsOwnObject() {
    JobTable table = new JobTable();
    AcceptedRequest stuck = new AcceptedRequest(1, 1, AppType.LONG, Approach.ROUND_ROBIN, -1, null, null, 0, 1);
    table.put(stuck); // the job 2^22 ids later wants its place: it goes to the overflow
    long lapping = 1 + JobTable.RING;
    table.put(dispatched(lapping));
    dispatched(lapping + 1); // the scratch is filled again for the next request
    AcceptedRequest r = table.get(lapping);
    assertNotSame(scratch, r);
    assertFields(lapping, r);
    assertSame(stuck, table.get(1));
  }

  @Test
  void theDeadlineScanAndAWorkersLossReadTheColumnsAndTakeOutOnlyWhatTheyReturn() {
    JobTable table = new JobTable();
    for (long id = 1; id <= 100; id++) table.put(dispatched(id));
    AcceptedRequest object = new AcceptedRequest(101, 101, AppType.SHORT, Approach.ROUND_ROBIN, -1, null, null, 0, 1);
    object.worker = w2;
    object.deadlineNanos = 5_000;
    table.put(object);
    List<AcceptedRequest> due = new ArrayList<>();
    long earliest = table.dueBy(10_000, due); // jobs 1..10 (deadline 1,000 x id) and the object
    assertEquals(11_000, earliest);
    assertEquals(11, due.size());
    for (AcceptedRequest r : due) {
      if (r != object) assertFields(r.jobId, r);
      assertSame(r, table.get(r.jobId));
    }
    List<AcceptedRequest> onW1 = table.heldBy(w1);
    assertEquals(50, onW1.size());
    for (AcceptedRequest r : onW1) {
      assertTrue(r.jobId % 2 == 0);
      assertSame(r, table.get(r.jobId));
    }
    assertEquals(51, table.heldBy(w2).size()); // 50 packed and the object
  }

  @Test
  void anAnswerTakesAPackedRequestOutIntoTheReusedObjectAndAnObjectAsItself() {
    JobTable table = new JobTable();
    for (long id = 1; id <= 3; id++) table.put(dispatched(id));
    AcceptedRequest object = new AcceptedRequest(4, 4, AppType.SHORT, Approach.ROUND_ROBIN, -1, null, null, 0, 1);
    object.attempt = 2;
    table.put(object);
    AcceptedRequest answering = AcceptedRequest.scratch();
    assertNull(table.removeAnswered(2, 2, answering), "an answer to another attempt");
    assertEquals(4, table.size(), "leaves the job where it is");
    assertSame(answering, table.removeAnswered(2, 1, answering));
    assertFields(2, detachedFields(answering));
    assertNull(table.get(2));
    assertSame(answering, table.removeAnswered(3, 1, answering), "the same object for the next answer");
    assertFields(3, detachedFields(answering));
    assertSame(object, table.removeAnswered(4, 2, answering));
    assertEquals(1, table.size());
    assertFields(1, table.get(1));
  }

  @Test
  void requestsTheColumnsCannotHoldAreKeptAsObjectsWithEveryField() {
    JobTable table = new JobTable();
    AcceptedRequest weeks = dispatched(1);
    weeks.sizeMillis = 30L * 24 * 3600 * 1000; // 30 days: more ms than an int holds (a max-job-size of weeks)
    table.put(weeks);
    AcceptedRequest lone = dispatched(2);
    lone.batchTo = null; // a lone Submit: its replyTo is its own, not a client's batch
    table.put(lone);
    table.put(dispatched(3)); // the scratch filled again changes nothing already put
    AcceptedRequest r = table.get(1);
    assertNotSame(scratch, r);
    assertEquals(30L * 24 * 3600 * 1000, r.sizeMillis);
    assertEquals(1001, r.requestId);
    AcceptedRequest two = table.remove(2);
    assertNull(two.batchTo);
    assertSame(client, two.replyTo);
    assertEquals(1002, two.requestId);
    assertFields(3, table.get(3));
  }

  /** The scratch's fields in an object of its own, as assertFields wants one. */
  private static AcceptedRequest detachedFields(AcceptedRequest scratch) {
    assertTrue(scratch.scratch);
    return scratch.detached();
  }

  @Test
  void aPackedRequestIsTakenAsNumbersOnlyAtItsAttemptAndForTheApproachesAsked() {
    JobTable table = new JobTable();
    long kinds = PackedJobs.kinds(250, 1, Approach.LEAST_CONNECTIONS, AppType.LONG);
    table.putFirst(7, 70, kinds, 1_000, 5_000, 9_000, w1, batchTo);
    table.putFirst(8, 80, kinds, 1_000, 5_000, 9_000, w1, batchTo);
    PackedJobs.Taken into = new PackedJobs.Taken();
    int all = -1;
    assertFalse(table.takePacked(7, 2, all, into), "another attempt");
    assertFalse(table.takePacked(7, 1, 1 << Approach.ROUND_ROBIN.ordinal(), into), "another approach");
    assertFalse(table.takePacked(9, 1, all, into), "nothing there");
    assertEquals(2, table.size());

    assertTrue(table.takePacked(7, 1, all, into));
    assertEquals(70, into.requestId);
    assertEquals(AppType.LONG, into.appType());
    assertEquals(Approach.LEAST_CONNECTIONS, into.approach());
    assertSame(w1, table.worker(into.workerNumber()));
    assertSame(batchTo, table.client(into.clientNumber()));
    assertEquals(1, table.size());
    assertNull(table.get(7), "taken off");
    assertEquals(2, table.named(), "named until released");
    assertTrue(table.takePacked(8, 1, all, into));
    table.releaseNames(w1.countedNumber, batchTo.countedNumber, 2);
    assertEquals(0, table.named());
    assertEquals(0, table.size());
  }
}
