package pekkolb.worker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.batching.Batcher;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobMessage;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerMessage;

/**
 * A worker's answers, gathered per broker through the worker's {@link Batcher}: what ends while the
 * worker reads one run of its mailbox goes to each broker as one {@link JobsDone} (one per {@link
 * Batcher#LIMIT} answers), with the worker's load as it stands when it goes. A lone Job is answered by a {@link JobDone} of its own, and so is a
 * job that failed through the worker's fault (a JobsDone cannot say so; the broker may try the job
 * on another worker).
 */
final class Answers {

  /** One broker's answers not sent yet: to its batches' jobs, or ({@code alone}) to its lone Jobs. */
  private final class ToBroker extends Batcher.Buffer {
    final ActorRef<BrokerMessage> to;
    final boolean alone;
    final long[] jobIds = new long[Batcher.LIMIT];
    final int[] attempts = new int[Batcher.LIMIT];
    String[] failures; // null until a job failed
    boolean[] workerFaults; // null until a job failed through the worker's fault
    boolean used; // since the last flush

    ToBroker(ActorRef<BrokerMessage> to, boolean alone) {
      this.to = to;
      this.alone = alone;
    }

    /**
     * The {@code n} entries from {@code size} were filled in: each ran unless {@code failure}, or the pace, says it
     * failed. Returns how many failed through the worker's own fault (the pace's).
     */
    int filled(int n, String failure) {
      int faults = 0;
      if (failure != null) {
        for (int k = size; k < size + n; k++) failed(k, failure, false);
      } else if (pace.mayFault()) { // else no job is asked: a run of them ends in one copy
        for (int k = size; k < size + n; k++) {
          String fault = pace.fault(jobIds[k]);
          if (fault != null) {
            failed(k, fault, true);
            faults++;
          }
        }
      }
      size += n;
      return faults;
    }

    private void failed(int k, String failure, boolean workerFault) {
      if (failures == null) failures = new String[Batcher.LIMIT];
      failures[k] = failure;
      if (!workerFault) return;
      if (workerFaults == null) workerFaults = new boolean[Batcher.LIMIT];
      workerFaults[k] = true;
    }

    @Override
    protected void send() {
      int now = load.getAsInt();
      int inBatch = alone || workerFaults != null ? sendAlone(now) : size;
      if (inBatch > 0) {
        to.tell(new JobsDone(worker, now, Arrays.copyOf(jobIds, inBatch), Arrays.copyOf(attempts, inBatch),
            anyFailed(inBatch) ? Arrays.copyOf(failures, inBatch) : null));
      }
      size = 0;
      failures = null;
      workerFaults = null;
    }

    /** Tells a JobDone for each entry that goes alone; returns how many are left for the JobsDone, moved to the front. */
    private int sendAlone(int now) {
      int left = 0;
      for (int k = 0; k < size; k++) {
        String failure = failures == null ? null : failures[k];
        boolean workerFault = workerFaults != null && workerFaults[k];
        if (alone || workerFault) {
          to.tell(new JobDone(jobIds[k], attempts[k], worker, now, failure, workerFault));
          continue;
        }
        jobIds[left] = jobIds[k];
        attempts[left] = attempts[k];
        if (failures != null) failures[left] = failure;
        left++;
      }
      return left;
    }

    private boolean anyFailed(int n) {
      if (failures == null) return false;
      for (int k = 0; k < n; k++) if (failures[k] != null) return true;
      return false;
    }
  }

  private final Batcher<WorkerMessage> batcher;
  private final String worker;
  private final Pace pace;
  private final IntSupplier load;
  private final ArrayList<ToBroker> brokers = new ArrayList<>(2); // a handful at most

  /** @param load the jobs the worker holds, which every answer carries */
  Answers(Batcher<WorkerMessage> batcher, String worker, Pace pace, IntSupplier load) {
    this.batcher = batcher;
    this.worker = worker;
    this.pace = pace;
    this.load = load;
  }

  /** Answers entries {@code from .. to - 1} of {@code jobs} as refused ({@code failure}), or (null) as jobs that ran. */
  void answer(JobMessage jobs, int from, int to, String failure) {
    ToBroker b = bufferFor(JobSource.replyTo(jobs), JobSource.alone(jobs));
    while (from < to) {
      int n = Math.min(to - from, Batcher.LIMIT - b.size());
      JobSource.copy(jobs, from, n, b.jobIds, b.attempts, b.size());
      b.filled(n, failure);
      batcher.added(b);
      from += n;
    }
  }

  /**
   * Answers run {@code run} of a timer's batch as jobs that ran, but for those the pace fails; their places are
   * given back. Returns how many of them failed through the worker's own fault.
   */
  int ran(TimerBatch batch, int run) {
    ToBroker b = bufferFor(batch.replyTo(run), batch.alone(run));
    int faults = 0;
    for (int from = batch.from(run), to = batch.to(run); from < to; ) {
      int n = Math.min(to - from, Batcher.LIMIT - b.size());
      batch.places.endedAll(from, from + n, b.jobIds, b.attempts, b.size());
      faults += b.filled(n, null);
      batcher.added(b);
      from += n;
    }
    return faults;
  }

  private ToBroker bufferFor(ActorRef<BrokerMessage> to, boolean alone) {
    for (ToBroker b : brokers) {
      // A batch's jobs share one ref: an identity check first spares a path compare.
      if (b.alone == alone && (b.to == to || b.to.equals(to))) {
        b.used = true;
        return b;
      }
    }
    ToBroker b = new ToBroker(to, alone);
    b.used = true;
    brokers.add(b);
    return b;
  }

  /** After a flush: a broker that heard nothing since the one before is forgotten. */
  void flushed() {
    brokers.removeIf(b -> !b.used);
    for (ToBroker b : brokers) b.used = false;
  }
}
