package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.WorkerMessage;

/** A timer batch holds runs of consecutive entries of the messages its jobs came in, not an object per job. */
class TimerBatchTest {

  private static JobBatch batchOf(int size) {
    AppType[] types = new AppType[size];
    Arrays.fill(types, AppType.SHORT);
    return new JobBatch(new long[size], new int[size], types, new long[size], null);
  }

  private static List<String> runs(TimerBatch batch) {
    List<String> runs = new ArrayList<>();
    for (int r = 0; r < batch.runs(); r++) runs.add(batch.from(r) + ".." + batch.to(r));
    return runs;
  }

  @Test
  void consecutiveEntriesOfOneMessageMakeOneRunAndAGapOrAnotherMessageANewOne() {
    JobBatch first = batchOf(10);
    JobBatch second = batchOf(10);
    Job lone = new Job(1, 1, AppType.SHORT, -1, null);
    TimerBatch batch = new TimerBatch(null, null);
    for (int i = 0; i < 4; i++) batch.add(first, i);
    batch.add(first, 6); // entries 4 and 5 went elsewhere (another duration, or refused)
    batch.add(first, 7);
    batch.add(lone, 0);
    for (int i = 0; i < 10; i++) batch.add(second, i); // past the 4 runs it began with: it grows
    assertEquals(List.of("0..4", "6..8", "0..1", "0..10"), runs(batch));
    List<WorkerMessage> sources = List.of(first, first, lone, second);
    for (int r = 0; r < sources.size(); r++) assertSame(sources.get(r), batch.source(r));
  }

  @Test
  void itIsFullAtTheLimitOfJobsWhateverTheRuns() {
    JobBatch big = batchOf(TimerBatch.LIMIT);
    TimerBatch batch = new TimerBatch(null, null);
    for (int i = 0; i < TimerBatch.LIMIT - 1; i += 2) batch.add(big, i); // every other entry: one run each
    for (int i = 1; i < TimerBatch.LIMIT - 1; i += 2) batch.add(big, i);
    assertFalse(batch.full());
    batch.add(big, TimerBatch.LIMIT - 1);
    assertTrue(batch.full());
  }
}
