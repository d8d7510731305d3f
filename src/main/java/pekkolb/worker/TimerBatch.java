package pekkolb.worker;

import java.util.ArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobsDone;

/**
 * Jobs of one duration that share a timer, so a million jobs in flight cost a thousand timers. A
 * worker closes its open batches with a message it sends itself when the first of them began, so no
 * job in one ends sooner than its duration after it arrived. With slots, each job has its own.
 */
final class TimerBatch {
  /**
   * Jobs per shared timer. A later batch starts its timer later, so the answers to a burst come
   * back spread out as the worker took the jobs in, not all in one lump the broker must then get
   * through; a thousand jobs per timer is already a thousandth of the timers.
   */
  static final int LIMIT = 1000;

  final ArrayList<Job> jobs;
  /** Per job: the broker to answer in a JobsDone, or null to answer the job alone (it came as a Job). */
  final ArrayList<ActorRef<JobsDone>> batchedTo;
  final Worker owner; // a batch started before a restart finishes in the new incarnation

  /** @param shared whether jobs share it (no slot limit): then it is sized for {@link #LIMIT}, no copies as it fills */
  TimerBatch(Worker owner, boolean shared) {
    this.owner = owner;
    this.jobs = new ArrayList<>(shared ? LIMIT : 1);
    this.batchedTo = new ArrayList<>(shared ? LIMIT : 1);
  }

  void add(Job job, ActorRef<JobsDone> answerTo) {
    jobs.add(job);
    batchedTo.add(answerTo);
  }

  boolean full() {
    return jobs.size() >= LIMIT;
  }
}
