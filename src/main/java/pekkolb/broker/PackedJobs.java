package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;

/**
 * The fields of requests in flight, one place per slot of the {@link JobTable}'s ring: a request
 * that went straight to a worker costs no object of its own while it runs. A place is a run of
 * numbers in one long array and of references in one object array, so that writing a request
 * touches a cache line or two, and a ring that doubles for a burst allocates two arrays, not a
 * dozen (each large array G1 allocates may start a marking cycle).
 */
final class PackedJobs {
  private static final AppType[] TYPES = AppType.values();
  private static final Approach[] APPROACHES = Approach.values();

  // The numbers of one place, in this order.
  private static final int REQUEST_ID = 0;
  private static final int SIZE_MILLIS = 1;
  private static final int SUBMITTED = 2;
  private static final int EXPECTED = 3;
  private static final int DISPATCHED = 4;
  private static final int DEADLINE = 5;
  private static final int KINDS = 6; // attempt << 16 | approach << 8 | app type
  private static final int LONGS = 7;
  // The references of one place.
  private static final int WORKER = 0;
  private static final int REPLY_TO = 1;
  private static final int BATCH_TO = 2;
  private static final int REFS = 3;

  private final long[] longs;
  private final Object[] refs;

  PackedJobs(int capacity) {
    longs = new long[capacity * LONGS];
    refs = new Object[capacity * REFS];
  }

  void put(int i, AcceptedRequest r) {
    int at = i * LONGS;
    longs[at + REQUEST_ID] = r.requestId;
    longs[at + SIZE_MILLIS] = r.sizeMillis;
    longs[at + SUBMITTED] = r.submittedNanos;
    longs[at + EXPECTED] = r.expectedNanos;
    longs[at + DISPATCHED] = r.dispatchedNanos;
    longs[at + DEADLINE] = r.deadlineNanos;
    longs[at + KINDS] = (long) r.attempt << 16 | r.approach.ordinal() << 8 | r.appType.ordinal();
    int ref = i * REFS;
    refs[ref + WORKER] = r.worker;
    refs[ref + REPLY_TO] = r.replyTo;
    refs[ref + BATCH_TO] = r.batchTo;
  }

  /** The request at {@code i} as an object of its own; the place drops its references. */
  AcceptedRequest take(int i, long jobId) {
    return read(i, jobId, AcceptedRequest.blank());
  }

  /** Fills {@code r} with the request at {@code i}; the place drops its references. */
  @SuppressWarnings("unchecked")
  AcceptedRequest read(int i, long jobId, AcceptedRequest r) {
    int at = i * LONGS;
    int ref = i * REFS;
    long kinds = longs[at + KINDS];
    r.reuse(jobId, longs[at + REQUEST_ID], TYPES[(int) (kinds & 0xff)],
        APPROACHES[(int) (kinds >> 8 & 0xff)], longs[at + SIZE_MILLIS], (ActorRef<Reply>) refs[ref + REPLY_TO],
        (Outbox.ClientAnswers) refs[ref + BATCH_TO], longs[at + SUBMITTED], longs[at + EXPECTED]);
    r.worker = (WorkerEntry) refs[ref + WORKER];
    r.attempt = (int) (kinds >>> 16);
    r.dispatchedNanos = longs[at + DISPATCHED];
    r.deadlineNanos = longs[at + DEADLINE];
    clear(i);
    return r;
  }

  int attempt(int i) {
    return (int) (longs[i * LONGS + KINDS] >>> 16);
  }

  long deadlineNanos(int i) {
    return longs[i * LONGS + DEADLINE];
  }

  WorkerEntry worker(int i) {
    return (WorkerEntry) refs[i * REFS + WORKER];
  }

  /** Drops the references at {@code i}, so a freed place keeps no client or worker alive. */
  void clear(int i) {
    int ref = i * REFS;
    refs[ref + WORKER] = null;
    refs[ref + REPLY_TO] = null;
    refs[ref + BATCH_TO] = null;
  }

  /** Copies place {@code i} to place {@code j} of {@code to} (when the ring grows). */
  void copy(int i, PackedJobs to, int j) {
    System.arraycopy(longs, i * LONGS, to.longs, j * LONGS, LONGS);
    System.arraycopy(refs, i * REFS, to.refs, j * REFS, REFS);
  }
}
