package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The bench client's lateness recorded a run of equal values at a time: the same histogram as recording each. */
class RunLengthRecorderTest {

  @Test
  void recordsExactlyWhatRecordingEachValueRecords() {
    Random random = new Random(11);
    Histogram each = new Histogram(60_000_000, 3);
    RunLengthRecorder runs = new RunLengthRecorder(60_000_000);
    long v = 0;
    for (int i = 0; i < 100_000; i++) {
      if (random.nextInt(8) == 0) v = random.nextInt(3) == 0 ? 0 : random.nextInt(60_000_000); // zeros too: the first value
      each.recordValue(v);
      runs.record(v);
    }
    Histogram recorded = runs.histogram();
    assertEquals(each.getTotalCount(), recorded.getTotalCount());
    assertEquals(each, recorded, "bucket by bucket");
    assertEquals(each.getValueAtPercentile(99), recorded.getValueAtPercentile(99));
    runs.record(5);
    assertEquals(each.getTotalCount() + 1, runs.histogram().getTotalCount(), "and goes on after a read");
  }
}
