package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
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
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerMessage;

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
}
