package pekkolb.worker;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobMessage;

/**
 * Jobs of one duration that share a timer, so a million jobs in flight cost a thousand timers (with
 * slots, each job has a timer of its own: see {@link SharedTimers}).
 *
 * <p>It holds no object per job: each job is a place of the worker's {@link RunningJobs}, and the
 * batch keeps runs of places that follow one another and are answered to one broker the same way (in
 * its next JobsDone, or by a JobDone each for lone Jobs), so a burst of a million jobs is a few
 * thousand runs.
 */
final class TimerBatch {
  /**
   * Jobs per shared timer. A later batch starts its timer later, so the answers to a burst come
   * back spread out as the worker took the jobs in, not all in one lump the broker must then get
   * through; a thousand jobs per timer is already a thousandth of the timers.
   */
  static final int LIMIT = 1000;

  final Worker owner; // a batch started before a restart finishes in the new incarnation
  final RunningJobs places; // the owner's: where the jobs are kept
  private final int limit;
  /** Run r is places {@code froms[r] .. tos[r] - 1}, jobs from {@code replyTos[r]}, lone Jobs if {@code alone[r]}. */
  private Object[] replyTos = new Object[4];
  private boolean[] alone = new boolean[4];
  private int[] froms = new int[4];
  private int[] tos = new int[4];
  private int runs;
  private int size;

  /** @param limit jobs it takes at most: {@link #LIMIT} on a shared timer, 1 on a job's own */
  TimerBatch(Worker owner, RunningJobs places, int limit) {
    this.owner = owner;
    this.places = places;
    this.limit = limit;
  }

  /** Keeps entries {@code from .. to - 1} of {@code jobs} (within the {@link #room()} left) in places of their own. */
  void add(JobMessage jobs, int from, int to) {
    ActorRef<BrokerMessage> replyTo = JobSource.replyTo(jobs);
    if (jobs instanceof JobBatch batch) { // read straight from its arrays: this loop runs once per job of a burst
      long[] ids = batch.jobIds();
      int[] attempts = batch.attempts();
      for (int i = from; i < to; i++) addRun(replyTo, false, places.add(ids[i], attempts[i]));
    } else {
      Job job = (Job) jobs;
      addRun(replyTo, true, places.add(job.jobId(), job.attempt()));
    }
  }

  /** Jobs it may still take. */
  int room() {
    return limit - size;
  }

  int size() {
    return size;
  }

  private void addRun(ActorRef<BrokerMessage> replyTo, boolean lone, int place) {
    size++;
    int last = runs - 1;
    if (runs > 0 && replyTos[last] == replyTo && alone[last] == lone && tos[last] == place) {
      tos[last]++;
      return;
    }
    if (runs == replyTos.length) {
      replyTos = Arrays.copyOf(replyTos, runs * 2);
      alone = Arrays.copyOf(alone, runs * 2);
      froms = Arrays.copyOf(froms, runs * 2);
      tos = Arrays.copyOf(tos, runs * 2);
    }
    replyTos[runs] = replyTo;
    alone[runs] = lone;
    froms[runs] = place;
    tos[runs] = place + 1;
    runs++;
  }

  int runs() {
    return runs;
  }

  @SuppressWarnings("unchecked")
  ActorRef<BrokerMessage> replyTo(int run) {
    return (ActorRef<BrokerMessage>) replyTos[run];
  }

  /** Whether run {@code run}'s jobs came as lone Jobs. */
  boolean alone(int run) {
    return alone[run];
  }

  int from(int run) {
    return froms[run];
  }

  /** One past the run's last place. */
  int to(int run) {
    return tos[run];
  }
}
