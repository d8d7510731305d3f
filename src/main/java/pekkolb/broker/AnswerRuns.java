package pekkolb.broker;

import pekkolb.LbSettings;
import pekkolb.protocol.JobsDone;

/**
 * Takes a worker's {@link JobsDone} in runs: answers in a row to requests kept as numbers (see
 * {@link PackedJobs}) for the same client, type and approach are read off the job table with no
 * request object filled and each answered to its client, while the worker's count and load model,
 * its latency estimate and its metrics change once per run. What needs more per answer (a failure,
 * a request kept as an object or at another attempt, hedging, ejection at work, logged jobs) goes
 * one by one ({@link JobOutcomes}).
 */
final class AnswerRuns {
  /** Latencies handed to the metrics at once, at most. */
  private static final int LATENCIES = 256;

  private final LbSettings settings;
  private final Jobs jobs;
  private final Answers answers;
  private final Outbox outbox;
  private final Resilience resilience;
  private final PackedJobs.Taken entry = new PackedJobs.Taken();
  private final long[] latencies = new long[LATENCIES];

  // The run under way: what its first entry named, and what it added up so far.
  private long names;
  private long kinds;
  private WorkerEntry worker;
  private Outbox.ClientAnswers client;
  private String type;
  private String approach;
  private int count;
  private int recorded;
  private double expectedNanos;
  private double unrunNanos;
  private long peakLatency;

  AnswerRuns(LbSettings settings, Jobs jobs, Answers answers, Outbox outbox, Resilience resilience) {
    this.settings = settings;
    this.jobs = jobs;
    this.answers = answers;
    this.outbox = outbox;
    this.resilience = resilience;
  }

  /** Answers the entries of {@code done} from {@code from} on, in runs, as far as they go so; returns the first it did not take. */
  int take(JobsDone done, int from, long now) {
    int approaches = settings.logJobs() ? 0 : resilience.answeredPlainly();
    if (approaches == 0) return from;
    JobTable table = jobs.table();
    long[] ids = done.jobIds();
    int[] attempts = done.attempts();
    int i = from;
    for (; i < ids.length && done.failure(i) == null && table.takePacked(ids[i], attempts[i], approaches, entry); i++) {
      if (count > 0 && !entry.alike(names, kinds)) end(table, done.load(), now);
      if (count == 0) begin(table);
      add(now);
    }
    if (count > 0) end(table, done.load(), now);
    return i;
  }

  private void begin(JobTable table) {
    names = entry.names;
    kinds = entry.kinds;
    worker = table.worker(entry.workerNumber());
    client = table.client(entry.clientNumber());
    type = entry.appType().wireName();
    approach = entry.approach().wireName();
  }

  private void add(long now) {
    long latency = now - entry.dispatchedNanos;
    // At one instant only a peak moves the estimate: the first is fed now, the highest of the rest at the run's end.
    if (count == 0) worker.latency().observe(latency, now);
    else peakLatency = Math.max(peakLatency, latency);
    double own = entry.expectedNanos / worker.speed();
    expectedNanos += own;
    unrunNanos += Math.max(0, own - latency);
    long took = now - entry.submittedNanos;
    latencies[recorded++] = took;
    if (recorded == LATENCIES) recordLatencies();
    outbox.answer(client, entry.requestId, worker.name, type, approach, answers.elapsedMillis(took));
    count++;
  }

  private void end(JobTable table, int load, long now) {
    if (count > 1) worker.latency().observe(peakLatency, now);
    recordLatencies();
    jobs.doneTogether(worker, count, expectedNanos, unrunNanos, load, now);
    table.releaseNames(worker.countedNumber, client.countedNumber, count);
    worker = null;
    client = null;
    count = 0;
    expectedNanos = unrunNanos = 0;
    peakLatency = 0;
  }

  private void recordLatencies() {
    worker.metrics.completed(approach, latencies, recorded);
    recorded = 0;
  }
}
