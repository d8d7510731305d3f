package pekkolb.worker;

import java.util.ArrayList;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobsDone;

/**
 * Answers to jobs that came in {@link pekkolb.protocol.JobBatch}es, gathered per broker while the
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

    void add(Job job, String failure) {
      if (size == jobIds.length) {
        jobIds = Arrays.copyOf(jobIds, size * 2);
        attempts = Arrays.copyOf(attempts, size * 2);
        if (failures != null) failures = Arrays.copyOf(failures, size * 2);
      }
      if (failure != null && failures == null) failures = new String[jobIds.length];
      jobIds[size] = job.jobId();
      attempts[size] = job.attempt();
      if (failures != null) failures[size] = failure;
      size++;
    }
  }

  private final String worker;
  private final ArrayList<Pending> pending = new ArrayList<>(2); // one per broker: a handful at most

  Completions(String worker) {
    this.worker = worker;
  }

  void add(ActorRef<JobsDone> to, Job job, String failure) {
    for (Pending p : pending) {
      if (p.to == to || p.to.equals(to)) { // a batch's jobs share one ref: no path compare per job
        p.add(job, failure);
        return;
      }
    }
    Pending p = new Pending(to);
    p.add(job, failure);
    pending.add(p);
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
