package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerMessage;

@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class WorkerTest {

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ManualTime.config().withFallback(TestSettings.config(Map.of())))
      .build();

  private final ManualTime manualTime = ManualTime.get(testKit.system());
  private final LbSettings settings = TestSettings.settings();

  private Job job(long id, AppType type, TestProbe<JobDone> probe) {
    return new Job(id, 1, type, -1, probe.ref());
  }

  /** The nominal pace, except that a job of {@code sizeMillis} throws, as a bug in a pace would. */
  static Pace throwingAtSize(LbSettings settings, long sizeMillis) {
    Pace nominal = Pace.nominal(settings, 1.0);
    return (appType, size) -> {
      if (size == sizeMillis) throw new IllegalStateException("a bug in a pace");
      return nominal.nanos(appType, size);
    };
  }

  /** Waits until the worker holds {@code n} jobs, so their timers started before the test moves the clock. */
  static void awaitHeld(ActorTestKit testKit, ActorRef<WorkerMessage> worker, int n) {
    TestProbe<WorkerReport> info = testKit.createTestProbe();
    worker.tell(new WorkerHello(info.ref()));
    assertEquals(n, info.expectMessageClass(WorkerInfo.class).load());
  }

  @Test
  void shortJobAnswersAtExactlyOneSecondAndNotBefore() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-short");
    worker.tell(job(7, AppType.SHORT, probe));
    awaitHeld(testKit, worker, 1);
    manualTime.expectNoMessageFor(Duration.ofMillis(999), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(new JobDone(7, 1, "Worker-short", 0, null), probe.receiveMessage());
  }

  @Test
  void longJobAnswersAtExactlyFiveSecondsAndNotBefore() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-long");
    worker.tell(job(8, AppType.LONG, probe));
    awaitHeld(testKit, worker, 1);
    manualTime.expectNoMessageFor(Duration.ofMillis(4999), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(new JobDone(8, 1, "Worker-long", 0, null), probe.receiveMessage());
  }

  @Test
  void jobsRunConcurrentlyWithoutSlotLimit() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-many");
    for (int i = 1; i <= 100; i++) worker.tell(job(i, AppType.LONG, probe));
    awaitHeld(testKit, worker, 100);
    manualTime.expectNoMessageFor(Duration.ofMillis(4999), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(100, probe.receiveSeveralMessages(100).size());
  }

  @Test
  void aJobArrivingLaterFinishesItsOwnDurationLaterThoughJobsShareTimers() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-later");
    worker.tell(job(1, AppType.SHORT, probe));
    // A zero-length job answers at once: once it has, job 1 has started.
    worker.tell(new Job(2, 1, AppType.SHORT, 0, probe.ref()));
    assertEquals(2, probe.receiveMessage().jobId());
    manualTime.timePasses(Duration.ofMillis(500));
    worker.tell(job(3, AppType.SHORT, probe));
    worker.tell(new Job(4, 1, AppType.SHORT, 0, probe.ref()));
    assertEquals(4, probe.receiveMessage().jobId());

    manualTime.expectNoMessageFor(Duration.ofMillis(499), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(1, probe.receiveMessage().jobId());
    manualTime.expectNoMessageFor(Duration.ofMillis(499), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(3, probe.receiveMessage().jobId());
  }

  @Test
  void slotsQueueExtraJobsInFifoOrder() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(WorkerProfile.of(settings, 1, 1.0), Pace.nominal(settings, 1.0)), "Worker-slot");
    worker.tell(job(1, AppType.SHORT, probe));
    worker.tell(job(2, AppType.SHORT, probe));
    worker.tell(job(3, AppType.SHORT, probe));
    awaitHeld(testKit, worker, 3);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(1, probe.receiveMessage().jobId());
    awaitHeld(testKit, worker, 2); // job 2 on the slot now, job 3 still waiting
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(2, probe.receiveMessage().jobId());
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(3, probe.receiveMessage().jobId());
  }

  @Test
  void speedAndExplicitSizeScaleTheDuration() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(WorkerProfile.of(settings, 0, 2.0), Pace.nominal(settings, 2.0)), "Worker-fast");
    worker.tell(job(1, AppType.LONG, probe));
    worker.tell(new Job(2, 1, AppType.SHORT, 300, probe.ref()));
    awaitHeld(testKit, worker, 2);
    manualTime.expectNoMessageFor(Duration.ofMillis(149), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(2, probe.receiveMessage().jobId());
    manualTime.expectNoMessageFor(Duration.ofMillis(2349), probe);
    manualTime.timePasses(Duration.ofMillis(1));
    assertEquals(1, probe.receiveMessage().jobId());
  }

  @Test
  void zeroLengthJobAnswersAtOnce() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-zero");
    worker.tell(new Job(5, 2, AppType.LONG, 0, probe.ref()));
    assertEquals(new JobDone(5, 2, "Worker-zero", 0, null), probe.receiveMessage());
  }

  @Test
  void drainFinishesHeldJobsThenStops() {
    TestProbe<JobDone> done = testKit.createTestProbe();
    TestProbe<Worker.Drained> drained = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-drain");
    worker.tell(job(1, AppType.LONG, done));
    worker.tell(new Worker.Drain(drained.ref()));
    manualTime.timePasses(Duration.ofSeconds(2));
    awaitHeld(testKit, worker, 1); // still there, with its job: a drained worker would not answer
    manualTime.timePasses(Duration.ofSeconds(3));
    assertEquals(1, done.receiveMessage().jobId());
    for (int i = 0; i < 12; i++) manualTime.timePasses(Duration.ofMillis(200));
    assertEquals(new Worker.Drained("Worker-drain", 1), drained.receiveMessage());
    done.expectTerminated(worker);
  }

  @Test
  void aJobOfAnAbsurdSizeIsAnsweredAsFailedAndTheWorkerStillServes() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(settings), "Worker-absurd");
    worker.tell(new Job(1, 1, AppType.SHORT, 3_000_000_000L, probe.ref()));
    JobDone failed = probe.receiveMessage();
    assertEquals(1, failed.jobId());
    assertEquals("job size 3000000000 ms is outside -1 .. 3600000 ms (lb.broker.max-job-size) at Worker-absurd", failed.failure());
    worker.tell(job(2, AppType.SHORT, probe));
    awaitHeld(testKit, worker, 1);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(new JobDone(2, 1, "Worker-absurd", 0, null), probe.receiveMessage());
  }

  @Test
  void aJobTooLongToTimeAtItsSpeedIsAnsweredAsFailed() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    // An hour at speed 1e-6 (114 years) is beyond what the scheduler can time.
    ActorRef<WorkerMessage> worker = testKit.spawn(
        Worker.create(WorkerProfile.of(settings, 0, 1e-6), Pace.nominal(settings, 1e-6)), "Worker-glacial");
    worker.tell(new Job(1, 1, AppType.SHORT, 3_600_000, probe.ref()));
    String failure = probe.receiveMessage().failure();
    assertTrue(failure.startsWith("job would take 3600000000000 ms at Worker-glacial, more than a worker times"), failure);
  }

  @Test
  void anUnexpectedExceptionRestartsTheWorkerInsteadOfStoppingIt() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    Pace faulty = throwingAtSize(settings, 666);
    ActorRef<WorkerMessage> worker = testKit.spawn(Worker.create(WorkerProfile.of(settings, 0, 1.0), faulty), "Worker-faulty");
    worker.tell(new Job(1, 1, AppType.SHORT, 666, probe.ref()));
    worker.tell(job(2, AppType.SHORT, probe));
    awaitHeld(testKit, worker, 1); // restarted, and job 2 is on its timer
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(new JobDone(2, 1, "Worker-faulty", 0, null), probe.receiveMessage());
  }

  @Test
  void helloIsAnsweredWithSpeedSlotsWindowAndLoad() {
    TestProbe<JobDone> done = testKit.createTestProbe();
    TestProbe<WorkerReport> broker = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(
        Worker.create(WorkerProfile.of(settings, 1, 0.4), Pace.nominal(settings, 0.4)), "Worker-hello");
    worker.tell(job(1, AppType.LONG, done));
    worker.tell(job(2, AppType.LONG, done));
    worker.tell(new WorkerHello(broker.ref()));
    assertEquals(new WorkerInfo(worker, "Worker-hello", 0.4, 1, settings.dispatch().workerWindow(), 2), broker.receiveMessage());
  }

  @Test
  void everyAnswerCarriesTheJobsStillHeld() {
    TestProbe<JobDone> probe = testKit.createTestProbe();
    ActorRef<WorkerMessage> worker = testKit.spawn(
        Worker.create(WorkerProfile.of(settings, 1, 1.0), Pace.nominal(settings, 1.0)), "Worker-load");
    for (int i = 1; i <= 3; i++) worker.tell(job(i, AppType.SHORT, probe));
    awaitHeld(testKit, worker, 3);
    for (int left = 2; left >= 0; left--) {
      manualTime.timePasses(Duration.ofSeconds(1));
      JobDone d = probe.receiveMessage();
      assertEquals(left, d.load(), "held after job " + d.jobId());
      assertNull(d.failure());
    }
  }
}
