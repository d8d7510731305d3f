package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;

/**
 * One page of the {@link JobTable}'s ring: the requests that went straight to a worker from a
 * client's batch, each as eight numbers in one long array, no object of its own. The worker and the
 * client are numbers too ({@link Counted}), so a page holds no reference: allocated among the old
 * objects (a humongous array, half a G1 region or more; regions are 1 MB on heaps up to 2 GB), it is
 * neither copied nor scanned by the young collections during a burst. With the workers' jobs held
 * the same way, what such a collection copied and scanned for a million jobs in flight (41-47 ms) is gone.
 */
final class PackedJobs {
  private static final AppType[] TYPES = AppType.values();
  private static final Approach[] APPROACHES = Approach.values();

  // The numbers of one place, in this order.
  private static final int JOB_ID = 0;
  private static final int REQUEST_ID = 1;
  private static final int SUBMITTED = 2;
  private static final int EXPECTED = 3;
  private static final int DISPATCHED = 4;
  private static final int DEADLINE = 5;
  private static final int KINDS = 6; // sizeMillis << 32 | attempt << 16 | approach << 8 | app type
  private static final int NAMES = 7; // worker number << 24 | client number; 0 (numbers start at 1): the place is free
  private static final int LONGS = 8;
  private static final int NUMBER_BITS = 24;
  private static final long NUMBER_MASK = (1L << NUMBER_BITS) - 1;

  private final long[] longs;

  PackedJobs(int capacity) {
    longs = new long[capacity * LONGS];
  }

  /**
   * Whether {@code r} can be kept as numbers: it came in a client's batch (the broker takes its
   * replyTo and its client from the same SubmitBatch, so the client names the replyTo; no compare per
   * request, which for a remote client's ref is a path compare), and its size and attempt fit (a
   * max-job-size of weeks, or attempt 65,536, do not).
   */
  static boolean fits(AcceptedRequest r) {
    return r.batchTo != null && r.sizeMillis == (int) r.sizeMillis && r.attempt <= 0xFFFF;
  }

  /** Whether place {@code i} holds job {@code jobId}. */
  boolean holds(int i, long jobId) {
    return longs[i * LONGS + NAMES] != 0 && longs[i * LONGS + JOB_ID] == jobId;
  }

  boolean isFree(int i) {
    return longs[i * LONGS + NAMES] == 0;
  }

  long jobId(int i) {
    return longs[i * LONGS + JOB_ID];
  }

  /** Keeps {@code r} at place {@code i} (see {@link #fits}), naming its worker and client. */
  void put(int i, AcceptedRequest r, Counted<WorkerEntry> workers, Counted<Outbox.ClientAnswers> clients) {
    put(i, r.jobId, r.requestId, kinds(r.sizeMillis, r.attempt, r.approach, r.appType), r.submittedNanos, r.expectedNanos,
        r.dispatchedNanos, r.deadlineNanos, workers.acquire(r.worker), clients.acquire(r.batchTo));
  }

  /** A request's size, attempt, approach and app type as one number (see {@link #fits} for what fits). */
  static long kinds(long sizeMillis, int attempt, Approach approach, AppType appType) {
    return sizeMillis << 32 | (long) attempt << 16 | approach.ordinal() << 8 | appType.ordinal();
  }

  /** A request object made from the numbers {@link Jobs#dispatchedFirst} gives, where they cannot be kept as numbers. */
  static AcceptedRequest request(long jobId, long requestId, long kinds, long expectedNanos, Outbox.ClientAnswers client,
      WorkerEntry w, long now, long deadlineNanos) {
    AcceptedRequest r = new AcceptedRequest(jobId, requestId, TYPES[(int) (kinds & 0xff)], APPROACHES[(int) (kinds >> 8 & 0xff)],
        kinds >> 32, client.to.<Reply>narrow(), client, now, expectedNanos);
    r.worker = w;
    r.attempt = (int) (kinds >>> 16 & 0xFFFF);
    r.dispatchedNanos = now;
    r.deadlineNanos = deadlineNanos;
    return r;
  }

  /** Keeps a request given as its numbers at place {@code i}; its worker and client numbers are already counted. */
  void put(int i, long jobId, long requestId, long kinds, long submittedNanos, long expectedNanos, long dispatchedNanos,
      long deadlineNanos, int workerNumber, int clientNumber) {
    int at = i * LONGS;
    longs[at + JOB_ID] = jobId;
    longs[at + REQUEST_ID] = requestId;
    longs[at + SUBMITTED] = submittedNanos;
    longs[at + EXPECTED] = expectedNanos;
    longs[at + DISPATCHED] = dispatchedNanos;
    longs[at + DEADLINE] = deadlineNanos;
    longs[at + KINDS] = kinds;
    longs[at + NAMES] = (long) workerNumber << NUMBER_BITS | clientNumber;
  }

  /**
   * Fills {@code r} (a new object if null) with the request at {@code i} and frees the place; its
   * worker and client are named one job less.
   */
  @SuppressWarnings("unchecked")
  AcceptedRequest take(int i, AcceptedRequest r, Counted<WorkerEntry> workers, Counted<Outbox.ClientAnswers> clients) {
    if (r == null) r = AcceptedRequest.blank();
    int at = i * LONGS;
    long kinds = longs[at + KINDS];
    long names = longs[at + NAMES];
    int workerNumber = (int) (names >>> NUMBER_BITS & NUMBER_MASK);
    int clientNumber = (int) (names & NUMBER_MASK);
    Outbox.ClientAnswers client = clients.get(clientNumber);
    r.reuse(longs[at + JOB_ID], longs[at + REQUEST_ID], TYPES[(int) (kinds & 0xff)], APPROACHES[(int) (kinds >> 8 & 0xff)],
        kinds >> 32, client.to.<Reply>narrow(), client, longs[at + SUBMITTED], longs[at + EXPECTED]);
    r.worker = workers.get(workerNumber);
    r.attempt = (int) (kinds >>> 16 & 0xFFFF);
    r.dispatchedNanos = longs[at + DISPATCHED];
    r.deadlineNanos = longs[at + DEADLINE];
    longs[at + NAMES] = 0;
    workers.release(workerNumber);
    clients.release(clientNumber);
    return r;
  }

  /** A packed request's numbers as {@link #takeNumbers} takes them off a page: for answers taken in runs ({@link AnswerRuns}). */
  static final class Taken {
    long requestId;
    long submittedNanos;
    long expectedNanos;
    long dispatchedNanos;
    long kinds; // see kinds()
    long names; // worker number << 24 | client number

    int workerNumber() {
      return (int) (names >>> NUMBER_BITS & NUMBER_MASK);
    }

    int clientNumber() {
      return (int) (names & NUMBER_MASK);
    }

    AppType appType() {
      return TYPES[(int) (kinds & 0xff)];
    }

    Approach approach() {
      return APPROACHES[(int) (kinds >> 8 & 0xff)];
    }

    /** Whether it names the worker and client of {@code names} and asked for the type and approach of {@code kinds}. */
    boolean alike(long names, long kinds) {
      return this.names == names && (this.kinds & 0xFFFF) == (kinds & 0xFFFF);
    }
  }

  /**
   * Frees place {@code i} and copies its numbers {@code into}, with no request object filled; its
   * worker and client stay counted (the caller releases them, for a run at once).
   */
  void takeNumbers(int i, Taken into) {
    int at = i * LONGS;
    into.requestId = longs[at + REQUEST_ID];
    into.submittedNanos = longs[at + SUBMITTED];
    into.expectedNanos = longs[at + EXPECTED];
    into.dispatchedNanos = longs[at + DISPATCHED];
    into.kinds = longs[at + KINDS];
    into.names = longs[at + NAMES];
    longs[at + NAMES] = 0;
  }

  /** Whether the request at {@code i} asked for one of {@code approaches} (a bit per {@link Approach} ordinal). */
  boolean asksFor(int i, int approaches) {
    return (approaches >>> (int) (longs[i * LONGS + KINDS] >> 8 & 0xff) & 1) != 0;
  }

  int attempt(int i) {
    return (int) (longs[i * LONGS + KINDS] >>> 16 & 0xFFFF);
  }

  long deadlineNanos(int i) {
    return longs[i * LONGS + DEADLINE];
  }

  /** The number of the worker the job at {@code i} is on. */
  int workerNumber(int i) {
    return (int) (longs[i * LONGS + NAMES] >>> NUMBER_BITS & NUMBER_MASK);
  }
}
