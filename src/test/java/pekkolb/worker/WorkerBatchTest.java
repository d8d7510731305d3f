package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.batching.Batcher;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerUsage;

/** A worker's answers to jobs that came in a {@link JobBatch}: those that end together go back in one {@link JobsDone}. */
@ExtendWith(LogCapturingExtension.class)
class WorkerBatchTest {
  private final ActorTestKit testKit = ActorTestKit.create(ManualTime.config().withFallback(TestSettings.config(Map.of())));
  private final ManualTime manualTime = ManualTime.get(testKit.system());
  private final LbSettings settings = TestSettings.settings();

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  @Test
  void jobsOfABatchThatEndTogetherAreAnsweredInOneMessage() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-batch");
    worker.tell(new JobBatch(new long[] {1, 2, 3}, new int[] {1, 2, 1},
        new AppType[] {AppType.SHORT, AppType.SHORT, AppType.SHORT}, new long[] {-1, -1, -1}, broker.ref()));
    WorkerTest.awaitHeld(testKit, worker, 3);
    manualTime.expectNoMessageFor(Duration.ofMillis(999), broker);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(new JobsDone("Worker-batch", 0, new long[] {1, 2, 3}, new int[] {1, 2, 1}, null), broker.receiveMessage());
  }

  @Test
  void aBatchsZeroLengthAndRefusedJobsAreAnsweredTogetherAndTheRestLater() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-mixed");
    worker.tell(new JobBatch(new long[] {1, 2, 3, 4}, new int[] {1, 1, 1, 1},
        new AppType[] {AppType.SHORT, AppType.LONG, AppType.SHORT, AppType.SHORT}, new long[] {0, -1, 3_000_000_000L, 0},
        broker.ref()));
    JobsDone now = broker.receiveMessage();
    assertEquals(new JobsDone("Worker-mixed", 1, new long[] {1, 3, 4}, new int[] {1, 1, 1}, new String[] {null,
        "job size 3000000000 ms is outside -1 .. 3600000 ms (lb.broker.max-job-size) at Worker-mixed", null}), now);
    manualTime.timePasses(Duration.ofSeconds(5));
    assertEquals(new JobsDone("Worker-mixed", 0, new long[] {2}, new int[] {1}, null), broker.receiveMessage());
  }

  @Test
  void aJobOfABatchThatFailsThroughTheWorkersFaultIsAnsweredAloneToTheBatchsBroker() {
    TestProbe<BrokerMessage> broker = testKit.createTestProbe();
    Pace nominal = Pace.nominal(settings, 1.0);
    Pace flaky = new Pace() { // job 2 fails at its end, as the simulator's flaky worker does
      @Override public long nanos(AppType appType, long sizeMillis) { return nominal.nanos(appType, sizeMillis); }
      @Override public String fault(long jobId) { return jobId == 2 ? "failed at Worker-flaky" : null; }
    };
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(WorkerProfile.of(settings, "Worker-flaky"), flaky), "Worker-flaky");
    worker.tell(new JobBatch(new long[] {1, 2}, new int[] {1, 1}, new AppType[] {AppType.SHORT, AppType.SHORT},
        new long[] {-1, -1}, broker.ref().narrow()));
    WorkerTest.awaitHeld(testKit, worker, 2);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(new JobDone(2, 1, "Worker-flaky", 0, "failed at Worker-flaky", true), broker.receiveMessage());
    assertEquals(new JobsDone("Worker-flaky", 0, new long[] {1}, new int[] {1}, null), broker.receiveMessage());
  }

  @Test
  void usageReportsCountTheJobsThatFailedThroughTheWorkersFaultAsErrors() {
    TestProbe<BrokerMessage> broker = testKit.createTestProbe();
    Pace nominal = Pace.nominal(settings, 1.0);
    Pace flaky = new Pace() { // the even jobs fail at their end
      @Override public long nanos(AppType appType, long sizeMillis) { return nominal.nanos(appType, sizeMillis); }
      @Override public String fault(long jobId) { return jobId % 2 == 0 ? "failed at Worker-errors" : null; }
    };
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(WorkerProfile.of(settings, "Worker-errors"), flaky), "Worker-errors");
    worker.tell(new WorkerHello(broker.ref().narrow())); // usage reports go to the brokers that said hello
    broker.expectMessageClass(WorkerInfo.class);
    worker.tell(new JobBatch(new long[] {1, 2, 3, 4}, new int[] {1, 1, 1, 1},
        new AppType[] {AppType.SHORT, AppType.SHORT, AppType.SHORT, AppType.SHORT}, new long[] {-1, -1, -1, -1},
        broker.ref().narrow()));
    WorkerTest.awaitHeld(testKit, worker, 4);
    manualTime.timePasses(Duration.ofSeconds(1)); // the jobs end: two answered alone (failed), two in one JobsDone
    WorkerUsage usage = null;
    for (int answers = 0; answers < 3; ) { // WorkerInfo, the load it reports to the brokers that said hello, aside
      BrokerMessage m = broker.receiveMessage();
      if (m instanceof WorkerUsage u) usage = u;
      else if (m instanceof JobDone || m instanceof JobsDone) answers++;
    }
    if (usage == null) { // the report's timer fired before the jobs ended (it said nothing): the next report
      manualTime.timePasses(settings.dispatch().sharing().usageInterval());
      while (usage == null) if (broker.receiveMessage() instanceof WorkerUsage u) usage = u;
    }
    assertTrue(usage.qps() > 0, "jobs finished: " + usage);
    assertEquals(0.5, usage.errorsPerSecond() / usage.qps(), 1e-9, "two of the four failed through the worker: " + usage);
  }

  /** Jobs {@code 1 .. n} of one type, job {@code id} on its attempt {@code id % 3 + 1}, so each answer's attempt is checked. */
  private static JobBatch batch(int n, AppType type, ActorRef<JobsDone> replyTo) {
    long[] ids = new long[n];
    int[] attempts = new int[n];
    AppType[] types = new AppType[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i + 1;
      attempts[i] = (i + 1) % 3 + 1;
      types[i] = type;
    }
    long[] sizes = new long[n];
    Arrays.fill(sizes, -1);
    return new JobBatch(ids, attempts, types, sizes, replyTo);
  }

  /**
   * Proves that {@code broker} has nothing more coming from {@code worker}: a job that takes no time, sent
   * now, must be the next answer it gets, alone (anything the worker owed would come before or with it).
   */
  static void assertNothingMoreFor(ActorRef<WorkerMessage> worker, TestProbe<JobsDone> broker) {
    worker.tell(new JobBatch(new long[] {-1}, new int[] {1}, new AppType[] {AppType.SHORT}, new long[] {0}, broker.ref()));
    JobsDone next = broker.receiveMessage();
    assertArrayEquals(new long[] {-1}, next.jobIds(), "answers came after the last expected one: " + next);
  }

  @Test
  void aBatchLargerThanOneTimerIsSplitAcrossTwoAndEachJobIsAnsweredOnceWithItsAttempt() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-split");
    int n = TimerBatch.LIMIT + TimerBatch.LIMIT / 2;
    worker.tell(batch(n, AppType.SHORT, broker.ref()));
    WorkerTest.awaitHeld(testKit, worker, n);
    manualTime.timePasses(Duration.ofSeconds(1));
    Map<Long, Integer> answered = new HashMap<>();
    JobsDone last = null;
    while (answered.size() < n) {
      last = broker.receiveMessage();
      assertTrue(last.size() <= Batcher.LIMIT, "at most a message's worth of answers in one: " + last.size());
      assertNull(last.failures());
      for (int i = 0; i < last.size(); i++) assertNull(answered.put(last.jobIds()[i], last.attempts()[i]), "answered twice");
    }
    answered.forEach((id, attempt) -> assertEquals((int) (id % 3 + 1), attempt.intValue(), "attempt of job " + id));
    assertEquals(0, last.load(), "the last of them leaves the worker empty");
    manualTime.timePasses(Duration.ofSeconds(10));
    assertNothingMoreFor(worker, broker);
  }

  @Test
  void oneBadSizeAmongGoodOnesIsRefusedAtOnceAndTheJobsAroundItEndTogether() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-gap");
    JobBatch jobs = batch(5, AppType.SHORT, broker.ref());
    jobs.sizeMillis()[2] = -5;
    worker.tell(jobs);
    assertEquals(new JobsDone("Worker-gap", 4, new long[] {3}, new int[] {1},
        new String[] {"job size -5 ms is outside -1 .. 3600000 ms (lb.broker.max-job-size) at Worker-gap"}), broker.receiveMessage());
    manualTime.expectNoMessageFor(Duration.ofMillis(999), broker);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(new JobsDone("Worker-gap", 0, new long[] {1, 2, 4, 5}, new int[] {2, 3, 2, 3}, null), broker.receiveMessage());
  }

  @Test
  void jobsOfTwoLengthsInterleavedInABatchEachEndAtTheirOwnTime() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-mixed-lengths");
    JobBatch jobs = batch(6, AppType.SHORT, broker.ref());
    for (int i = 1; i < 6; i += 2) jobs.appTypes()[i] = AppType.LONG;
    worker.tell(jobs);
    WorkerTest.awaitHeld(testKit, worker, 6);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(new JobsDone("Worker-mixed-lengths", 3, new long[] {1, 3, 5}, new int[] {2, 1, 3}, null), broker.receiveMessage());
    manualTime.expectNoMessageFor(Duration.ofMillis(3999), broker);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(new JobsDone("Worker-mixed-lengths", 0, new long[] {2, 4, 6}, new int[] {3, 2, 1}, null), broker.receiveMessage());
  }

  @Test
  void aBatchsJobsQueuedBehindASlotRunOneAfterAnother() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(
        Worker.create(WorkerProfile.of(settings, 1, 1.0), Pace.nominal(settings, 1.0)), "Worker-one-slot");
    worker.tell(batch(3, AppType.SHORT, broker.ref()));
    WorkerTest.awaitHeld(testKit, worker, 3);
    for (int job = 1; job <= 3; job++) {
      manualTime.timePasses(Duration.ofSeconds(1));
      assertEquals(new JobsDone("Worker-one-slot", 3 - job, new long[] {job}, new int[] {job % 3 + 1}, null),
          broker.receiveMessage());
    }
  }

  @Test
  void aBatchsJobOnATimerBeforeARestartIsAnsweredByTheNewIncarnation() {
    TestProbe<JobsDone> broker = testKit.createTestProbe();
    Pace faulty = WorkerTest.throwingAtSize(settings, 666);
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(WorkerProfile.of(settings, 0, 1.0), faulty), "Worker-restarted");
    JobBatch jobs = batch(3, AppType.SHORT, broker.ref());
    jobs.sizeMillis()[1] = 666; // job 1 is on its timer when job 2 throws
    worker.tell(jobs);
    WorkerTest.awaitHeld(testKit, worker, 0); // the new incarnation holds nothing of its own
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(new JobsDone("Worker-restarted", 0, new long[] {1}, new int[] {2}, null), broker.receiveMessage());
  }
}
