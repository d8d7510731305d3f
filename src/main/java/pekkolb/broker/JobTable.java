package pekkolb.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The broker's requests in flight, by job id. Job ids rise by one per request and most jobs end
 * soon after they start, so a request that went straight to a worker from a client's batch (the
 * broker's scratch request, see {@link PackedJobs#fits}) sits in a ring of {@link #RING} places at
 * its id's low bits, as numbers: found by one array read, no hashing, no object. The ring is made of
 * pages of {@link #PAGE} places, made when an id first reaches them and given back (kept for reuse)
 * when their last job leaves: a steady flow uses a page or two, a burst of a million 31, and the ring
 * never grows by copying (a growth of the whole ring stalled the broker ~150 ms in a burst).
 *
 * <p>Every other request is an object in a {@link LongMap}: made as one (a lone Submit, a retry,
 * queue mode), lapped by the ring (a place still held by a job 2^22 ids older), or asked for by id or
 * by a walk of the table, which turns a packed request into its object for good.
 * Owned by one actor: not thread-safe; no put or remove while iterating {@link #values()}.
 */
final class JobTable {
  static final int PAGE_BITS = 15;
  static final int PAGE = 1 << PAGE_BITS;
  static final int RING = 1 << 22;
  private static final int SPARE_PAGES = 2;

  private final PackedJobs[] pages = new PackedJobs[RING >> PAGE_BITS];
  private final int[] counts = new int[RING >> PAGE_BITS];
  private final ArrayDeque<PackedJobs> spare = new ArrayDeque<>();
  private int packed;
  private final LongMap<AcceptedRequest> objects = new LongMap<>();
  private final Counted<WorkerEntry> workers = new Counted<>(w -> w.countedNumber, (w, n) -> w.countedNumber = n);
  private final Counted<Outbox.ClientAnswers> clients = new Counted<>(c -> c.countedNumber, (c, n) -> c.countedNumber = n);

  int size() {
    return packed + objects.size();
  }

  /** Workers and clients named by packed requests now (none once they are all gone): for tests. */
  int named() {
    return workers.size() + clients.size();
  }

  AcceptedRequest get(long jobId) {
    PackedJobs p = pages[page(jobId)];
    int i = place(jobId);
    if (p != null && p.holds(i, jobId)) return unpack(p, i);
    return objects.size() == 0 ? null : objects.get(jobId);
  }

  /** The packed request at {@code i} as an object, kept as that object from now on. */
  private AcceptedRequest unpack(PackedJobs p, int i) {
    AcceptedRequest r = takeOut(p, i);
    objects.put(r.jobId, r);
    return r;
  }

  /** The packed request at {@code i} as an object of its own, its place freed (the page may be given back). */
  private AcceptedRequest takeOut(PackedJobs p, int i) {
    int n = page(p.jobId(i));
    AcceptedRequest r = p.take(i, null, workers, clients);
    emptied(n);
    return r;
  }

  /** Puts {@code r} under its job id, replacing what was there under that id. */
  void put(AcceptedRequest r) {
    int n = page(r.jobId);
    PackedJobs p = pages[n];
    int i = place(r.jobId);
    if (p != null && p.holds(i, r.jobId)) {
      takeOut(p, i); // replaced: its numbers go
      p = pages[n];
    }
    if (r.scratch && PackedJobs.fits(r)) {
      p = pageMade(n);
      if (p.isFree(i)) {
        if (objects.size() > 0) objects.remove(r.jobId);
        p.put(i, r, workers, clients); // the scratch is filled again for the next request: its fields are kept, not it
        filled(n);
        return;
      }
    }
    objects.put(r.jobId, r.scratch ? r.detached() : r);
  }

  /**
   * Keeps the first attempt of a request that came in {@code client}'s batch and went straight to
   * {@code w}, given as its numbers (no request object filled on the way); false if its place is
   * held (the ring lapped): then it must be put as an object. Its id is new, so nothing is replaced.
   */
  boolean putFirst(long jobId, long requestId, long kinds, long now, long expectedNanos, long deadlineNanos,
      WorkerEntry w, Outbox.ClientAnswers client) {
    int n = page(jobId);
    PackedJobs p = pageMade(n);
    int i = place(jobId);
    if (!p.isFree(i)) return false;
    p.put(i, jobId, requestId, kinds, now, expectedNanos, now, deadlineNanos, workers.acquire(w), clients.acquire(client));
    filled(n);
    return true;
  }

  /** Page {@code n}, made (or a spare taken) when an id first reaches it. */
  private PackedJobs pageMade(int n) {
    PackedJobs p = pages[n];
    return p != null ? p : (pages[n] = spare.isEmpty() ? new PackedJobs(PAGE) : spare.pop());
  }

  /** A place of page {@code n} was filled. */
  private void filled(int n) {
    counts[n]++;
    packed++;
  }

  /**
   * Removes and returns the request under {@code jobId} if it is at {@code attempt}, else null (and
   * it stays). A packed one is read into {@code into} (a scratch request), or into an object of its
   * own if {@code into} is null.
   */
  AcceptedRequest removeAnswered(long jobId, int attempt, AcceptedRequest into) {
    int n = page(jobId);
    PackedJobs p = pages[n];
    int i = place(jobId);
    if (p != null && p.holds(i, jobId)) {
      if (p.attempt(i) != attempt) return null;
      AcceptedRequest r = p.take(i, into, workers, clients);
      emptied(n);
      return r;
    }
    AcceptedRequest r = objects.size() == 0 ? null : objects.get(jobId);
    if (r == null || r.attempt != attempt) return null;
    objects.remove(jobId);
    return r;
  }

  /**
   * Takes the request under {@code jobId} off the table into {@code into} if it is packed, at
   * {@code attempt}, and asked for one of {@code approaches} (a bit per approach ordinal); else
   * returns false and nothing changes. Its worker and client stay named until {@link #releaseNames}.
   */
  boolean takePacked(long jobId, int attempt, int approaches, PackedJobs.Taken into) {
    int n = page(jobId);
    PackedJobs p = pages[n];
    int i = place(jobId);
    if (p == null || !p.holds(i, jobId) || p.attempt(i) != attempt || !p.asksFor(i, approaches)) return false;
    p.takeNumbers(i, into);
    emptied(n);
    return true;
  }

  WorkerEntry worker(int number) {
    return workers.get(number);
  }

  Outbox.ClientAnswers client(int number) {
    return clients.get(number);
  }

  /** {@code jobs} taken by {@link #takePacked} named this worker and this client: they name them no more. */
  void releaseNames(int workerNumber, int clientNumber, int jobs) {
    workers.release(workerNumber, jobs);
    clients.release(clientNumber, jobs);
  }

  /** Removes the request under {@code jobId}; returns it, or null if none. */
  AcceptedRequest remove(long jobId) {
    int n = page(jobId);
    PackedJobs p = pages[n];
    int i = place(jobId);
    if (p != null && p.holds(i, jobId)) return takeOut(p, i);
    return objects.size() == 0 ? null : objects.remove(jobId);
  }

  /** A place of page {@code n} was freed; a page with none in use is given back. */
  private void emptied(int n) {
    packed--;
    if (--counts[n] > 0) return;
    if (spare.size() < SPARE_PAGES) spare.push(pages[n]); // every place free: ready to be used again
    pages[n] = null;
  }

  /** A live view of the requests, in no particular order; walking it makes every packed request an object. */
  Iterable<AcceptedRequest> values() {
    return () -> {
      unpackAll();
      return objects.values().iterator();
    };
  }

  private void unpackAll() {
    for (PackedJobs p : pages) {
      if (p == null) continue;
      for (int i = 0; i < PAGE; i++) if (!p.isFree(i)) unpack(p, i);
    }
  }

  /**
   * Adds the requests due at {@code now} (deadline reached) to {@code due}; returns the earliest
   * deadline of the others. Reads the deadlines where they are: only a due request becomes an object.
   */
  long dueBy(long now, List<AcceptedRequest> due) {
    long earliest = Long.MAX_VALUE;
    for (AcceptedRequest r : objects.values()) {
      if (r.deadlineNanos <= now) due.add(r);
      else earliest = Math.min(earliest, r.deadlineNanos);
    }
    List<AcceptedRequest> unpacked = new ArrayList<>();
    for (PackedJobs p : pages) {
      if (p == null) continue;
      for (int i = 0; i < PAGE; i++) {
        if (p.isFree(i)) continue;
        long deadline = p.deadlineNanos(i);
        if (deadline <= now) unpacked.add(takeOut(p, i));
        else earliest = Math.min(earliest, deadline);
      }
    }
    keepAsObjects(unpacked, due);
    return earliest;
  }

  /** The requests in flight on {@code w}. */
  List<AcceptedRequest> heldBy(WorkerEntry w) {
    List<AcceptedRequest> theirs = new ArrayList<>();
    for (AcceptedRequest r : objects.values()) if (r.worker == w) theirs.add(r);
    List<AcceptedRequest> unpacked = new ArrayList<>();
    for (PackedJobs p : pages) {
      if (p == null) continue;
      for (int i = 0; i < PAGE; i++) {
        if (!p.isFree(i) && workers.get(p.workerNumber(i)) == w) unpacked.add(takeOut(p, i));
      }
    }
    keepAsObjects(unpacked, theirs);
    return theirs;
  }

  /** Requests taken out of the pages during a walk, kept as objects from now on, and added to {@code into}. */
  private void keepAsObjects(List<AcceptedRequest> unpacked, List<AcceptedRequest> into) {
    for (AcceptedRequest r : unpacked) objects.put(r.jobId, r);
    into.addAll(unpacked);
  }

  private static int page(long jobId) {
    return ((int) jobId & (RING - 1)) >>> PAGE_BITS;
  }

  private static int place(long jobId) {
    return (int) jobId & (PAGE - 1);
  }
}
