package pekkolb.worker;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.JobBatch;
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
  private final RunningJobs places; // the owner's: where a batch's jobs are kept (null: keep the messages)
  /**
   * Run r is entries {@code froms[r] .. tos[r] - 1} of {@code sources[r]}, a lone Job (entry 0) or a
   * JobBatch; or, where {@code sources[r]} is the broker to answer, those places of the owner's RunningJobs.
   */
  private Object[] sources = new Object[4];
  private int[] froms = new int[4];
  private int[] tos = new int[4];
  private int runs;
  private int size;

  TimerBatch(Worker owner, RunningJobs places) {
    this.owner = owner;
    this.places = places;
  }

  /**
   * Entry {@code i} of {@code source}: a batch's job kept by id and attempt in a place of its own if
   * there is one, else the entry itself; in the run it extends if it follows that run's last, else a new run.
   */
  void add(WorkerMessage source, int i) {
    int place = places != null && source instanceof JobBatch b ? places.add(b.jobIds()[i], b.attempts()[i]) : -1;
    if (place >= 0) addRun(((JobBatch) source).replyTo(), place);
    else addRun(source, i);
  }

  /**
   * As {@link #add} for entries {@code from .. to - 1} of {@code batch}, within the {@link #room()}
   * left; returns how many it kept, from the first: it stops where the worker has no place for one
   * (the ring came round to a page in use), and the rest go one by one.
   */
  int addAll(JobBatch batch, int from, int to) {
    long[] ids = batch.jobIds();
    int[] attempts = batch.attempts();
    for (int i = from; i < to; i++) {
      int place = places.add(ids[i], attempts[i]);
      if (place < 0) return i - from;
      addRun(batch.replyTo(), place);
    }
    return to - from;
  }

  /** Jobs it may still take. */
  int room() {
    return Math.max(0, LIMIT - size);
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

  WorkerMessage source(int run) {
    return (WorkerMessage) sources[run];
  }

  /** Answers entry (or place) {@code i} of run {@code run} as a job that ran; a kept place is given back. */
  @SuppressWarnings("unchecked")
  void ran(int run, int i, Completions completions, Pace pace, int load) {
    if (sources[run] instanceof WorkerMessage source) {
      completions.ran(source, i, pace, load);
      return;
    }
    completions.ran((ActorRef<JobsDone>) sources[run], places.jobId(i), places.attempt(i), pace, load);
    places.ended(i);
  }

  /**
   * Answers every job of run {@code run} at once, as jobs that ran, if it is a batch's jobs kept in
   * places and {@code pace} can name no fault; returns how many, or 0 (then each goes by {@link #ran}).
   */
  @SuppressWarnings("unchecked")
  int ranAll(int run, Completions completions, Pace pace) {
    if (sources[run] instanceof WorkerMessage || pace.mayFault()) return 0;
    completions.ranAll((ActorRef<JobsDone>) sources[run], places, froms[run], tos[run]);
    return tos[run] - froms[run];
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
