package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;

/** A timer batch holds runs of places that follow one another, answered to one broker one way, not an object per job. */
class TimerBatchTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private static JobBatch batchOf(int size, ActorRef<BrokerMessage> broker) {
    AppType[] types = new AppType[size];
    Arrays.fill(types, AppType.SHORT);
    return new JobBatch(new long[size], new int[size], types, new long[size], broker.narrow());
  }

  private static List<String> runs(TimerBatch batch) {
    List<String> runs = new ArrayList<>();
    for (int r = 0; r < batch.runs(); r++) runs.add(batch.from(r) + ".." + batch.to(r) + (batch.alone(r) ? " alone" : ""));
    return runs;
  }

  @Test
  void placesThatFollowOneAnotherForOneBrokerMakeOneRunAndAGapALoneJobOrAnotherBrokerANewOne() {
    TestProbe<BrokerMessage> a = testKit.createTestProbe();
    TestProbe<BrokerMessage> b = testKit.createTestProbe();
    JobBatch first = batchOf(10, a.ref());
    RunningJobs places = new RunningJobs();
    TimerBatch batch = new TimerBatch(null, places, TimerBatch.LIMIT);
    batch.add(first, 0, 4);
    places.add(99, 1); // places 4 and 5 went to jobs of another duration
    places.add(99, 1);
    batch.add(first, 6, 8);
    batch.add(new Job(1, 1, AppType.SHORT, -1, a.ref().narrow()), 0, 1); // from A, but answered alone
    batch.add(batchOf(10, b.ref()), 0, 10); // past the 4 runs it began with: it grows
    assertEquals(List.of("0..4", "6..8", "8..9 alone", "9..19"), runs(batch));
    List<ActorRef<BrokerMessage>> replyTos = List.of(a.ref(), a.ref(), a.ref(), b.ref());
    for (int r = 0; r < replyTos.size(); r++) assertEquals(replyTos.get(r), batch.replyTo(r));
    assertEquals(17, batch.size());
  }

  @Test
  void itTakesJobsUpToItsLimitWhateverTheRuns() {
    TestProbe<BrokerMessage> a = testKit.createTestProbe();
    JobBatch big = batchOf(TimerBatch.LIMIT, a.ref());
    RunningJobs places = new RunningJobs();
    TimerBatch shared = new TimerBatch(null, places, TimerBatch.LIMIT);
    for (int i = 0; i < TimerBatch.LIMIT - 1; i++) {
      shared.add(big, i, i + 1);
      places.add(99, 1); // a gap after each: one run per job
    }
    assertEquals(TimerBatch.LIMIT - 1, shared.runs());
    assertEquals(1, shared.room());
    shared.add(big, TimerBatch.LIMIT - 1, TimerBatch.LIMIT);
    assertEquals(0, shared.room());
    TimerBatch own = new TimerBatch(null, places, 1); // a job's own timer, behind a slot
    own.add(big, 0, 1);
    assertEquals(0, own.room());
  }
}
