package pekkolb.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import pekkolb.LbSettings;
import pekkolb.protocol.JobDone;

/**
 * The broker's accounting of accepted requests: those waiting for a worker and those in flight.
 * The one place a worker's in-flight count changes: +1 on dispatch, -1 when the job is done, taken
 * back or failed. Strategies read that count, and the load the worker reports with each answer.
 */
final class Jobs {
  private final Consumer<WorkerEntry> loadChanged;
  // By job id, with no boxed key or entry object per job (up to millions of them).
  private final JobTable inFlight = new JobTable();
  private final ArrayDeque<AcceptedRequest> waiting = new ArrayDeque<>();
  private final LateBinding queued; // queue mode: waiting for a free slot
  private final AcceptedRequest answering = AcceptedRequest.scratch(); // see doneInBatch
  private long nextJobId = 1; // one more per job: the JobTable's ring counts on ids that rise by one

  /**
   * @param loadChanged told after a worker's count changed (its window may have filled or freed)
   * @param open the workers with room in their window, as {@link Membership#open()} keeps them
   */
  Jobs(Consumer<WorkerEntry> loadChanged, LbSettings settings, Supplier<List<WorkerEntry>> open) {
    this.loadChanged = loadChanged;
    this.queued = new LateBinding(settings, new PoolSlots(open, inFlight.values()));
  }

  /** The id the next job will get. */
  long nextJobId() {
    return nextJobId;
  }

  /** Hands out the next {@code n} job ids; returns the first. */
  long newJobIds(int n) {
    long first = nextJobId;
    nextJobId += n;
    return first;
  }

  int inFlightCount() {
    return inFlight.size();
  }

  int waitingCount() {
    return waiting.size() + queued.size();
  }

  /** Requests the broker holds, in flight or waiting: what max-in-flight limits. */
  int held() {
    return inFlight.size() + waitingCount();
  }

  void dispatched(AcceptedRequest r, WorkerEntry w, long now, long deadlineNanos) {
    r.worker = w;
    r.attempt++;
    r.dispatchedNanos = now;
    r.deadlineNanos = deadlineNanos;
    w.started(r.expectedNanosAt(w), now);
    w.dispatchedByType[r.appType.ordinal()]++;
    inFlight.put(r);
    loadChanged.accept(w);
  }

  /**
   * As {@link #dispatched}, for the first attempt of request {@code requestId} of {@code client}'s
   * batch, given as numbers ({@code kinds}: see {@link PackedJobs#kinds}) and kept as numbers, with
   * no request object filled on the way; {@code ownNanos}: its expected time at {@code w}'s speed.
   * The caller counts it in {@code w.dispatchedByType}, once per run.
   */
  void dispatchedFirst(long jobId, long requestId, long kinds, long expectedNanos, double ownNanos, Outbox.ClientAnswers client,
      WorkerEntry w, long now, long deadlineNanos) {
    w.started(ownNanos, now);
    if (!inFlight.putFirst(jobId, requestId, kinds, now, expectedNanos, deadlineNanos, w, client)) {
      inFlight.put(PackedJobs.request(jobId, requestId, kinds, expectedNanos, client, w, now, deadlineNanos)); // its place is held
    }
    loadChanged.accept(w);
  }

  /** The request this answer completes, now off its worker; null for a late answer to an earlier attempt. */
  AcceptedRequest done(JobDone done, long now) {
    // A lone answer may be a worker's fault, retried: it gets an object of its own, which may be kept.
    AcceptedRequest r = inFlight.removeAnswered(done.jobId(), done.attempt(), null);
    return r == null ? null : ended(r, done.load(), done.failed(), now);
  }

  /**
   * As {@link #done(JobDone, long)}, for one entry of a {@link pekkolb.protocol.JobsDone}. A request
   * kept as columns comes back in one object reused for every such answer: valid until the next
   * call, and nothing may keep it (an answer in a batch is never the worker's fault, so it is
   * answered at once, not retried).
   */
  AcceptedRequest doneInBatch(long jobId, int attempt, int load, boolean failed, long now) {
    AcceptedRequest r = inFlight.removeAnswered(jobId, attempt, answering);
    return r == null ? null : ended(r, load, failed, now);
  }

  private AcceptedRequest ended(AcceptedRequest r, int load, boolean failed, long now) {
    r.worker.ended(r.expectedNanosAt(r.worker), r.dispatchedNanos, now);
    r.worker.reported(load, now);
    if (!failed) r.worker.completed++;
    loadChanged.accept(r.worker);
    return r;
  }

  /**
   * The job table, for a worker's answers taken in runs ({@link AnswerRuns}): what they take off it
   * is counted off its worker by {@link #doneTogether}.
   */
  JobTable table() {
    return inFlight;
  }

  /**
   * {@code count} jobs of {@code w}, taken off {@link #table()}, answered together at {@code now}
   * with the load it reported: as {@link #doneInBatch} for each (see {@link pekkolb.routing.Routee#endedTogether}).
   */
  void doneTogether(WorkerEntry w, int count, double expectedNanos, double unrunNanos, int load, long now) {
    w.endedTogether(count, expectedNanos, unrunNanos, now);
    w.reported(load, now);
    w.completed += count;
    loadChanged.accept(w);
  }

  /** The request in flight under this job id; null if none. */
  AcceptedRequest inFlight(long jobId) {
    return inFlight.get(jobId);
  }

  /** Takes a job off its worker, to dispatch it again or fail it; it stays held until then. */
  void takeBack(AcceptedRequest r) {
    r.worker.ended(r.expectedNanosAt(r.worker), r.dispatchedNanos, System.nanoTime());
    loadChanged.accept(r.worker);
  }

  /** Forgets a request that was answered with a rejection. */
  void forget(AcceptedRequest r) {
    inFlight.remove(r.jobId);
  }

  List<AcceptedRequest> heldBy(WorkerEntry w) {
    return inFlight.heldBy(w);
  }

  /** Adds the jobs in flight past their deadline at {@code now} to {@code due}; returns the earliest deadline of the rest. */
  long dueBy(long now, List<AcceptedRequest> due) {
    return inFlight.dueBy(now, due);
  }

  /** Until a worker has room in its window, oldest first; in queue mode until one has a free slot ({@link LateBinding}). */
  void await(AcceptedRequest r) {
    if (LateBinding.isFor(r)) queued.add(r);
    else waiting.add(r);
  }

  /** The queue-mode request to hand out now, off the queue; null if none or no worker has a free slot. */
  AcceptedRequest nextQueued(long now) {
    return queued.next(now);
  }

  /** Takes off the queue-mode requests submitted at or before {@code nanos}. */
  List<AcceptedRequest> queuedBy(long nanos) {
    return queued.submittedBy(nanos);
  }

  /** A job taken back that waits for a free window (queue mode: a free slot): first in line, it has waited longest. */
  void awaitAgain(AcceptedRequest r) {
    inFlight.remove(r.jobId);
    if (LateBinding.isFor(r)) queued.addFirst(r);
    else waiting.addFirst(r);
  }

  /** Takes every request off the broker (in flight or waiting), to hand them back; their late answers are ignored. */
  List<AcceptedRequest> releaseAll() {
    List<AcceptedRequest> all = new ArrayList<>(held());
    for (AcceptedRequest r : inFlight.values()) {
      takeBack(r);
      all.add(r);
    }
    for (AcceptedRequest r : all) inFlight.remove(r.jobId);
    all.addAll(waiting);
    waiting.clear();
    all.addAll(queued.removeAll());
    return all;
  }

  /** The longest-waiting request, still queued; null if none. */
  AcceptedRequest oldestWaiting() {
    return waiting.peek();
  }

  AcceptedRequest nextWaiting() {
    return waiting.poll();
  }
}
