package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import pekkolb.protocol.WorkerBye;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerMessage;

/** With several brokers, each hears of a worker's load when it changes, not only with its own answers. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class WorkerLoadReportsTest {

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ManualTime.config().withFallback(TestSettings.config(Map.of())))
      .build();

  private final ManualTime manualTime = ManualTime.get(testKit.system());
  // Usage reports go to the same brokers on a timer of their own; these tests are about load reports.
  private final LbSettings settings = TestSettings.settings(Map.of("lb.worker.usage-interval", "1h"));

  private ActorRef<WorkerMessage> oneSlotWorker(String name) {
    return testKit.spawn(Worker.create(WorkerProfile.of(settings, 1, 1.0), Pace.nominal(settings, 1.0)), name);
  }

  private static int greet(ActorRef<WorkerMessage> worker, TestProbe<WorkerReport> broker) {
    worker.tell(new WorkerHello(broker.ref()));
    return broker.expectMessageClass(WorkerInfo.class).load();
  }

  @Test
  void everyBrokerHearsOfALoadChangeCausedByAnother() {
    ActorRef<WorkerMessage> worker = oneSlotWorker("Worker-shared");
    TestProbe<WorkerReport> a = testKit.createTestProbe();
    TestProbe<WorkerReport> b = testKit.createTestProbe();
    TestProbe<JobDone> doneToA = testKit.createTestProbe();
    assertEquals(0, greet(worker, a));
    assertEquals(0, greet(worker, b));

    worker.tell(new Job(1, 1, AppType.SHORT, -1, doneToA.ref())); // A's job: running
    assertEquals(1, b.expectMessageClass(WorkerInfo.class).load(), "B hears of A's job without sending one");
    assertEquals(1, a.expectMessageClass(WorkerInfo.class).load());
    worker.tell(new Job(2, 1, AppType.SHORT, -1, doneToA.ref())); // queued behind it
    assertEquals(2, b.expectMessageClass(WorkerInfo.class).load());
    assertEquals(2, a.expectMessageClass(WorkerInfo.class).load());

    manualTime.timePasses(Duration.ofSeconds(1)); // job 1 done, job 2 starts
    assertEquals(1, doneToA.receiveMessage().load());
    assertEquals(1, b.expectMessageClass(WorkerInfo.class).load(), "and of its end");
    assertEquals(1, a.expectMessageClass(WorkerInfo.class).load());
  }

  @Test
  void aBrokerAloneGetsItsLoadOnlyWithItsAnswers() {
    ActorRef<WorkerMessage> worker = oneSlotWorker("Worker-alone");
    TestProbe<WorkerReport> a = testKit.createTestProbe();
    TestProbe<JobDone> doneToA = testKit.createTestProbe();
    assertEquals(0, greet(worker, a));
    worker.tell(new Job(1, 1, AppType.SHORT, -1, doneToA.ref()));
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals(0, doneToA.receiveMessage().load());
    // A report of the job's start (load 1) would come before this hello's answer, one of its end (load 0)
    // before the next hello's, which comes with a job held: each answer is the next message only if none came.
    assertEquals(0, greet(worker, a), "no report of the job's start");
    worker.tell(new Job(2, 1, AppType.SHORT, -1, doneToA.ref()));
    assertEquals(1, greet(worker, a), "no report of the job's end");
  }

  @Test
  void aBrokerThatSaidByeHearsNoMoreReports() {
    ActorRef<WorkerMessage> worker = oneSlotWorker("Worker-bye");
    TestProbe<WorkerReport> a = testKit.createTestProbe();
    TestProbe<WorkerReport> b = testKit.createTestProbe();
    TestProbe<WorkerReport> c = testKit.createTestProbe();
    TestProbe<JobDone> doneToA = testKit.createTestProbe();
    assertEquals(0, greet(worker, a));
    assertEquals(0, greet(worker, b));
    assertEquals(0, greet(worker, c));
    worker.tell(new WorkerBye(c.ref())); // c left the subsets that hold this worker

    worker.tell(new Job(1, 1, AppType.SHORT, -1, doneToA.ref())); // running: load 1
    assertEquals(1, a.expectMessageClass(WorkerInfo.class).load());
    assertEquals(1, b.expectMessageClass(WorkerInfo.class).load());
    worker.tell(new Job(2, 1, AppType.SHORT, -1, doneToA.ref())); // queued: load 2
    assertEquals(2, a.expectMessageClass(WorkerInfo.class).load());
    assertEquals(2, b.expectMessageClass(WorkerInfo.class).load());
    // Had c heard of load 1, that report would come before the answer to its new hello.
    assertEquals(2, greet(worker, c), "c heard no report after its bye");
  }
}
