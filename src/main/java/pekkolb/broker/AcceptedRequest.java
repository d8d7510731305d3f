package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;

/**
 * One request the broker accepted, on its way through: waiting for a worker, or in flight as a job
 * on one. Mutable and owned by the broker's actor; one object per request, reused across attempts.
 */
final class AcceptedRequest {
  final long jobId;
  final long requestId;
  final AppType appType;
  final Approach approach;
  final long sizeMillis;
  final ActorRef<Reply> replyTo;
  /** Where its Response goes with others, for a request that came in a SubmitBatch; null: alone, to replyTo. */
  final Outbox.ClientAnswers batchTo;
  final long submittedNanos;
  /** How long the job takes at speed 1.0, scaled: its size if given, else its type's duration. */
  final long expectedNanos;
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
    this.jobId = jobId;
    this.requestId = requestId;
    this.appType = appType;
    this.approach = approach;
    this.sizeMillis = sizeMillis;
    this.replyTo = replyTo;
    this.batchTo = batchTo;
    this.submittedNanos = submittedNanos;
    this.expectedNanos = expectedNanos;
  }

  /** Expected time at {@code w}'s speed, in nanoseconds. */
  double expectedNanosAt(WorkerEntry w) {
    return expectedNanos / w.speed();
  }
}
