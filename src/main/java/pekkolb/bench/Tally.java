package pekkolb.bench;

import java.util.ArrayList;
import java.util.List;
import pekkolb.bench.BenchResults.Answers;
import pekkolb.bench.BenchResults.Run;
import pekkolb.bench.BenchResults.ThroughputRow;

/** What the runs of one throughput path saw so far: its measured runs, and the answers of every run. */
final class Tally {
  private final List<Run> measured = new ArrayList<>();
  private long answered;
  private long expected;
  private long duplicates;
  private double fastest;

  /** Counts a run's answers, and keeps its figures if it is {@code measured}. */
  void add(Driver.RunResult r, boolean measured) {
    answered += r.answered();
    expected += r.requests();
    duplicates += r.duplicates();
    fastest = Math.max(fastest, r.requests() / r.seconds());
    if (measured) this.measured.add(new Run(r.requests(), r.seconds(), r.processCpuNanos()));
  }

  /** Requests per second of the path's fastest run so far, warm-ups included (0 before the first). */
  double fastest() {
    return fastest;
  }

  ThroughputRow row(String path, String batching) {
    return new ThroughputRow(path, batching, List.copyOf(measured), new Answers(answered, expected, duplicates));
  }
}
