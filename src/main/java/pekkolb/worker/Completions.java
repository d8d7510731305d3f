package pekkolb.worker;

import java.util.ArrayList;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerMessage;

/**
 * A worker's answers. Those to jobs that came in {@link JobBatch}es are gathered per broker while the
 * worker handles one message and then sent as one {@link JobsDone} per broker: a thousand jobs
 * ending on one shared timer cost their broker one message, not a thousand.
 */
final class Completions {

  /** One broker's answers so far; kept across messages while that broker keeps sending. */
  private static final class Pending {
    final ActorRef<JobsDone> to;
    long[] jobIds = new long[16];
    int[] attempts = new int[16];
    String[] failures; // null until one job failed
    int size;

    Pending(ActorRef<JobsDone> to) {
      this.to = to;
    }

    void add(long jobId, int attempt, String failure) {
      room(1);
      if (failure != null && failures == null) failures = new String[jobIds.length];
      jobIds[size] = jobId;
      attempts[size] = attempt;
      if (failures != null) failures[size] = failure;
      size++;
    }

    /** Makes room for {@code n} more. */
    void room(int n) {
      if (size + n <= jobIds.length) return;
      int capacity = Math.max(size + n, size * 2);
      jobIds = Arrays.copyOf(jobIds, capacity);
      attempts = Arrays.copyOf(attempts, capacity);
      if (failures != null) failures = Arrays.copyOf(failures, capacity);
    }
  }

  private final String worker;
  private final ArrayList<Pending> pending = new ArrayList<>(2); // one per broker: a handful at most

  Completions(String worker) {
    this.worker = worker;
  }

  /**
   * Answers entry {@code i} of {@code source} (see {@link JobSource}): a lone Job at once, a batch's job in
   * its broker's next JobsDone; but a fault of the worker's alone, as a JobDone that says so (the broker
   * may try the job on another worker).
   */
  void answer(WorkerMessage source, int i, String failure, boolean workerFault, int load) {
    if (source instanceof JobBatch batch) {
      answer(batch.replyTo(), batch.jobIds()[i], batch.attempts()[i], failure, workerFault, load);
    } else {
      Job job = (Job) source;
      job.replyTo().tell(new JobDone(job.jobId(), job.attempt(), worker, load, failure, workerFault));
    }
  }

  /** A job that ran: done, unless the pace says it failed here (a fault of the worker's). */
  void ran(WorkerMessage source, int i, Pace pace, int load) {
    String fault = pace.fault(JobSource.jobId(source, i));
    answer(source, i, fault, fault != null, load);
  }

  /** As {@link #ran(WorkerMessage, int, Pace, int)} for a batch's job known by its broker, id and attempt. */
  void ran(ActorRef<JobsDone> batchReplyTo, long jobId, int attempt, Pace pace, int load) {
    String fault = pace.fault(jobId);
    answer(batchReplyTo, jobId, attempt, fault, fault != null, load);
  }

  /** As {@link #answer(WorkerMessage, int, String, boolean, int)} for a batch's job known by its broker, id and attempt. */
  private void answer(ActorRef<JobsDone> batchReplyTo, long jobId, int attempt, String failure, boolean workerFault, int load) {
    if (!workerFault) {
      add(batchReplyTo, jobId, attempt, failure);
      return;
    }
    // A batch's jobs have no replyTo of their own; its broker, which takes JobDones too, hears the fault.
    batchReplyTo.<BrokerMessage>unsafeUpcast().<JobDone>narrow().tell(new JobDone(jobId, attempt, worker, load, failure, true));
  }

  /**
   * As {@link #ran(ActorRef, long, int, Pace, int)} for the jobs in places {@code from .. to - 1} of
   * {@code places}, all at once (none failed), which ends them there.
   */
  void ranAll(ActorRef<JobsDone> batchReplyTo, RunningJobs places, int from, int to) {
    Pending p = pendingFor(batchReplyTo);
    p.room(to - from);
    places.endedAll(from, to, p.jobIds, p.attempts, p.size);
    p.size += to - from;
  }

  private void add(ActorRef<JobsDone> to, long jobId, int attempt, String failure) {
    pendingFor(to).add(jobId, attempt, failure);
  }

  private Pending pendingFor(ActorRef<JobsDone> to) {
    for (Pending p : pending) {
      if (p.to == to || p.to.equals(to)) return p; // a batch's jobs share one ref: no path compare per job
    }
    Pending p = new Pending(to);
    pending.add(p);
    return p;
  }

  /** Sends what was gathered, with the worker's load now; a broker with nothing this time is forgotten. */
  void send(int load) {
    if (pending.isEmpty()) return;
    pending.removeIf(p -> p.size == 0);
    for (Pending p : pending) {
      p.to.tell(new JobsDone(worker, load, Arrays.copyOf(p.jobIds, p.size), Arrays.copyOf(p.attempts, p.size),
          p.failures == null ? null : Arrays.copyOf(p.failures, p.size)));
      p.size = 0;
      p.failures = null;
    }
  }
}
