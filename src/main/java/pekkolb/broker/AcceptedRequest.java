package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;

/**
 * One request the broker accepted, on its way through: waiting for a worker, or in flight as a job
 * on one. Mutable and owned by the broker's actor; one object per request, reused across attempts.
 * The exception is the {@link #scratch} one: a request that goes straight to a worker is filled into
 * it, and the {@link JobTable} keeps its fields in columns (no object per job in flight; a burst's
 * million would be a million objects for the GC to copy and mark). The table makes it an object of
 * its own again only if something asks for it before its answer.
 */
final class AcceptedRequest {
  // Set once for a request (by the constructor, or by reuse() for the scratch one).
  long jobId;
  long requestId;
  AppType appType;
  Approach approach;
  long sizeMillis;
  ActorRef<Reply> replyTo;
  /** Where its Response goes with others, for a request that came in a SubmitBatch; null: alone, to replyTo. */
  Outbox.ClientAnswers batchTo;
  long submittedNanos;
  /** How long the job takes at speed 1.0, scaled: its size if given, else its type's duration. */
  long expectedNanos;
  /** A reusable request ({@link #scratch()}): never kept anywhere, only copied from. */
  final boolean scratch;
  WorkerEntry worker;
  int attempt;
  long dispatchedNanos;
  long deadlineNanos;
  /** Re-dispatched at a deadline, counted against the {@link RedispatchBudget} until it leaves. */
  boolean holdsRedispatchToken;
  /** Tried once more after a worker's fault (at most once, within the retry budget). */
  boolean retriedAfterFault;
  /** Shared with its twin once the request is hedged; null before. */
  Hedging.Race race;

  AcceptedRequest(long jobId, long requestId, AppType appType, Approach approach, long sizeMillis,
      ActorRef<Reply> replyTo, Outbox.ClientAnswers batchTo, long submittedNanos, long expectedNanos) {
    this(false);
    reuse(jobId, requestId, appType, approach, sizeMillis, replyTo, batchTo, submittedNanos, expectedNanos);
  }

  private AcceptedRequest(boolean scratch) {
    this.scratch = scratch;
  }

  /** A request to fill with {@link #reuse}: the job table's way to make one from its columns. */
  static AcceptedRequest blank() {
    return new AcceptedRequest(false);
  }

  /**
   * A request filled again and again: the broker's for requests that go straight to a worker, and
   * the one a batch's answers are read into ({@link Jobs#doneInBatch}). Never kept: the job table
   * copies a scratch request's fields rather than keep it.
   */
  static AcceptedRequest scratch() {
    return new AcceptedRequest(true);
  }

  /** Sets a new request's fields (and clears what an earlier use left). */
  AcceptedRequest reuse(long jobId, long requestId, AppType appType, Approach approach, long sizeMillis,
      ActorRef<Reply> replyTo, Outbox.ClientAnswers batchTo, long submittedNanos, long expectedNanos) {
    this.jobId = jobId;
    this.requestId = requestId;
    this.appType = appType;
    this.approach = approach;
    this.sizeMillis = sizeMillis;
    this.replyTo = replyTo;
    this.batchTo = batchTo;
    this.submittedNanos = submittedNanos;
    this.expectedNanos = expectedNanos;
    worker = null;
    attempt = 0;
    dispatchedNanos = deadlineNanos = 0;
    holdsRedispatchToken = retriedAfterFault = false;
    race = null;
    return this;
  }

  /** A request of its own with this one's fields: what the scratch request becomes when it must be kept as an object. */
  AcceptedRequest detached() {
    AcceptedRequest r = new AcceptedRequest(jobId, requestId, appType, approach, sizeMillis, replyTo, batchTo, submittedNanos, expectedNanos);
    r.worker = worker;
    r.attempt = attempt;
    r.dispatchedNanos = dispatchedNanos;
    r.deadlineNanos = deadlineNanos;
    r.holdsRedispatchToken = holdsRedispatchToken;
    r.retriedAfterFault = retriedAfterFault;
    r.race = race;
    return r;
  }

  /** Expected time at {@code w}'s speed, in nanoseconds. */
  double expectedNanosAt(WorkerEntry w) {
    return expectedNanos / w.speed();
  }
}
