package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;

/**
 * The fields of requests in flight as columns, one place per slot of the {@link JobTable}'s ring:
 * a request that went straight to a worker costs no object of its own while it runs, only a place
 * in a dozen arrays that the GC neither copies nor walks field by field.
 */
final class PackedJobs {
  private static final AppType[] TYPES = AppType.values();
  private static final Approach[] APPROACHES = Approach.values();

  private final long[] requestIds;
  private final long[] sizeMillis;
  private final long[] submittedNanos;
  private final long[] expectedNanos;
  private final long[] dispatchedNanos;
  private final long[] deadlineNanos;
  private final int[] attempts;
  private final byte[] appTypes;
  private final byte[] approaches;
  private final WorkerEntry[] workers;
  private final Object[] replyTos; // ActorRef<Reply>: an array of a generic type cannot be made
  private final Outbox.ClientAnswers[] batchTos;

  PackedJobs(int capacity) {
    requestIds = new long[capacity];
    sizeMillis = new long[capacity];
    submittedNanos = new long[capacity];
    expectedNanos = new long[capacity];
    dispatchedNanos = new long[capacity];
    deadlineNanos = new long[capacity];
    attempts = new int[capacity];
    appTypes = new byte[capacity];
    approaches = new byte[capacity];
    workers = new WorkerEntry[capacity];
    replyTos = new Object[capacity];
    batchTos = new Outbox.ClientAnswers[capacity];
  }

  void put(int i, AcceptedRequest r) {
    requestIds[i] = r.requestId;
    sizeMillis[i] = r.sizeMillis;
    submittedNanos[i] = r.submittedNanos;
    expectedNanos[i] = r.expectedNanos;
    dispatchedNanos[i] = r.dispatchedNanos;
    deadlineNanos[i] = r.deadlineNanos;
    attempts[i] = r.attempt;
    appTypes[i] = (byte) r.appType.ordinal();
    approaches[i] = (byte) r.approach.ordinal();
    workers[i] = r.worker;
    replyTos[i] = r.replyTo;
    batchTos[i] = r.batchTo;
  }

  /** The request at {@code i} as an object of its own; the place is cleared (it no longer holds the refs). */
  @SuppressWarnings("unchecked")
  AcceptedRequest take(int i, long jobId) {
    AcceptedRequest r = new AcceptedRequest(jobId, requestIds[i], TYPES[appTypes[i]], APPROACHES[approaches[i]],
        sizeMillis[i], (ActorRef<Reply>) replyTos[i], batchTos[i], submittedNanos[i], expectedNanos[i]);
    r.worker = workers[i];
    r.attempt = attempts[i];
    r.dispatchedNanos = dispatchedNanos[i];
    r.deadlineNanos = deadlineNanos[i];
    clear(i);
    return r;
  }

  long deadlineNanos(int i) {
    return deadlineNanos[i];
  }

  WorkerEntry worker(int i) {
    return workers[i];
  }

  /** Drops the refs at {@code i}, so a freed place keeps no client or worker alive. */
  void clear(int i) {
    workers[i] = null;
    replyTos[i] = null;
    batchTos[i] = null;
  }

  /** Copies place {@code i} to place {@code j} of {@code to} (when the ring grows). */
  void copy(int i, PackedJobs to, int j) {
    to.requestIds[j] = requestIds[i];
    to.sizeMillis[j] = sizeMillis[i];
    to.submittedNanos[j] = submittedNanos[i];
    to.expectedNanos[j] = expectedNanos[i];
    to.dispatchedNanos[j] = dispatchedNanos[i];
    to.deadlineNanos[j] = deadlineNanos[i];
    to.attempts[j] = attempts[i];
    to.appTypes[j] = appTypes[i];
    to.approaches[j] = approaches[i];
    to.workers[j] = workers[i];
    to.replyTos[j] = replyTos[i];
    to.batchTos[j] = batchTos[i];
  }
}
