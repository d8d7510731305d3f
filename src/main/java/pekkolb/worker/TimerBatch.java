package pekkolb.worker;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerMessage;

/**
 * Jobs of one duration that share a timer, so a million jobs in flight cost a thousand timers. A
 * worker closes its open batches with a message it sends itself when the first of them began, so no
 * job in one ends sooner than its duration after it arrived. With slots, each job has its own.
 *
 * <p>It holds no object per job: it keeps runs of consecutive places of the worker's {@link
 * RunningJobs} (a batch's jobs, by id and attempt) or of entries of the messages the jobs came in
 * (see {@link JobSource}: a lone Job, or a batch's job when the ring was full), so a burst of a
 * million jobs is a few thousand runs, not a million objects for the GC to copy and mark while they wait.
 */
final class TimerBatch {
  /**
   * Jobs per shared timer. A later batch starts its timer later, so the answers to a burst come
   * back spread out as the worker took the jobs in, not all in one lump the broker must then get
   * through; a thousand jobs per timer is already a thousandth of the timers.
   */
  static final int LIMIT = 1000;

  final Worker owner; // a batch started before a restart finishes in the new incarnation
  /**
   * Run r is entries {@code froms[r] .. tos[r] - 1} of {@code sources[r]}, a lone Job (entry 0) or a
   * JobBatch; or, where {@code sources[r]} is the broker to answer, those places of the owner's RunningJobs.
   */
  private Object[] sources = new Object[4];
  private int[] froms = new int[4];
  private int[] tos = new int[4];
  private int runs;
  private int size;

  TimerBatch(Worker owner) {
    this.owner = owner;
  }

  /** Entry {@code i} of {@code source}: the run it extends if it follows that run's last entry, else a new run. */
  void add(WorkerMessage source, int i) {
    addRun(source, i);
  }

  /** A batch's job kept at {@code place} of the owner's RunningJobs, answered to {@code replyTo}. */
  void addStored(ActorRef<JobsDone> replyTo, int place) {
    addRun(replyTo, place);
  }

  private void addRun(Object source, int i) {
    size++;
    if (runs > 0 && sources[runs - 1] == source && tos[runs - 1] == i) {
      tos[runs - 1]++;
      return;
    }
    if (runs == sources.length) {
      sources = Arrays.copyOf(sources, runs * 2);
      froms = Arrays.copyOf(froms, runs * 2);
      tos = Arrays.copyOf(tos, runs * 2);
    }
    sources[runs] = source;
    froms[runs] = i;
    tos[runs] = i + 1;
    runs++;
  }

  int runs() {
    return runs;
  }

  /** Whether run {@code run} is of places in the owner's RunningJobs (then {@link #replyTo}), not of a message's entries. */
  boolean stored(int run) {
    return !(sources[run] instanceof WorkerMessage);
  }

  WorkerMessage source(int run) {
    return (WorkerMessage) sources[run];
  }

  @SuppressWarnings("unchecked")
  ActorRef<JobsDone> replyTo(int run) {
    return (ActorRef<JobsDone>) sources[run];
  }

  int from(int run) {
    return froms[run];
  }

  /** One past the run's last entry. */
  int to(int run) {
    return tos[run];
  }

  boolean full() {
    return size >= LIMIT;
  }
}
