package pekkolb.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The broker's requests in flight, by job id. Job ids rise by one per request and most jobs end
 * soon after they start, so a job sits in a ring of {@link #RING} places at its id's low bits: found
 * by one array read, no hashing. The ring is made of pages of {@link #PAGE} places, made when an id
 * first reaches them and given back (kept for reuse) when their last job leaves: a steady flow uses
 * a page or two, a burst of a million 62, and the ring never grows by copying (a growth of the whole
 * ring stalled the broker ~150 ms in the middle of a burst). At 16,384 places a page's numbers are
 * one array large enough that G1 puts it straight among the old objects: young collections during
 * a burst do not copy it (4,096-place pages measured slower, 65,536 too). A job whose place is still
 * held by one 2^22 ids older goes to a {@link LongMap} (a straggler lapped by the flow keeps its place).
 * The broker's scratch request is kept in its place as columns ({@link PackedJobs}), not as an object:
 * it becomes one (and stays one) only when something asks for it by id or walks the table.
 * Owned by one actor: not thread-safe; no put or remove while iterating {@link #values()}.
 */
final class JobTable {
  static final int PAGE_BITS = 14;
  static final int PAGE = 1 << PAGE_BITS;
  static final int RING = 1 << 22;
  private static final int SPARE_PAGES = 2;
  /** In a page: this place's request is in the columns. */
  private static final AcceptedRequest PACKED = AcceptedRequest.scratch();

  private static final class Page {
    final long[] ids = new long[PAGE];
    final AcceptedRequest[] ring = new AcceptedRequest[PAGE];
    final PackedJobs packed = new PackedJobs(PAGE);
    int count;
  }

  private final Page[] pages = new Page[RING >> PAGE_BITS];
  private final ArrayDeque<Page> spare = new ArrayDeque<>();
  private int inRing;
  private final LongMap<AcceptedRequest> overflow = new LongMap<>();

  int size() {
    return inRing + overflow.size();
  }

  AcceptedRequest get(long jobId) {
    Page p = pages[page(jobId)];
    int i = place(jobId);
    if (p != null && p.ids[i] == jobId && p.ring[i] != null) return p.ring[i] == PACKED ? unpack(p, i) : p.ring[i];
    return overflow.size() == 0 ? null : overflow.get(jobId);
  }

  /** The packed request at {@code i} as an object, kept in its place from now on (the same object each time). */
  private static AcceptedRequest unpack(Page p, int i) {
    AcceptedRequest r = p.packed.take(i, p.ids[i]);
    p.ring[i] = r;
    return r;
  }

  /** Puts {@code r} under its job id, replacing what was there under that id. */
  void put(AcceptedRequest r) {
    int n = page(r.jobId);
    Page p = pages[n];
    if (p == null) p = pages[n] = spare.isEmpty() ? new Page() : spare.pop();
    int i = place(r.jobId);
    if (p.ring[i] == null) {
      if (overflow.size() > 0) overflow.remove(r.jobId);
      p.ids[i] = r.jobId;
      keep(p, i, r);
      p.count++;
      inRing++;
    } else if (p.ids[i] == r.jobId) {
      if (p.ring[i] == PACKED) p.packed.clear(i);
      keep(p, i, r);
    } else {
      overflow.put(r.jobId, r.scratch ? r.detached() : r); // a straggler lapped by newer jobs: it keeps its place
    }
  }

  private static void keep(Page p, int i, AcceptedRequest r) {
    // The scratch request is filled again for the next request: its fields are kept, not it. It is
    // always a first dispatch (reuse() cleared its hedge race and budget marks), all the columns hold.
    if (r.scratch) {
      p.packed.put(i, r);
      p.ring[i] = PACKED;
    } else {
      p.ring[i] = r;
    }
  }

  /**
   * Removes and returns the request under {@code jobId} if it is at {@code attempt}, else null (and
   * it stays). One kept as columns is read into {@code into} (a scratch request), or into an object
   * of its own if {@code into} is null.
   */
  AcceptedRequest removeAnswered(long jobId, int attempt, AcceptedRequest into) {
    int n = page(jobId);
    Page p = pages[n];
    int i = place(jobId);
    if (p != null && p.ring[i] == PACKED && p.ids[i] == jobId) {
      if (p.packed.attempt(i) != attempt) return null;
      AcceptedRequest r = into == null ? p.packed.take(i, jobId) : p.packed.read(i, jobId, into);
      emptied(n, p, i);
      return r;
    }
    AcceptedRequest r = get(jobId);
    if (r == null || r.attempt != attempt) return null;
    remove(jobId);
    return r;
  }

  /** Removes the request under {@code jobId}; returns it, or null if none. */
  AcceptedRequest remove(long jobId) {
    int n = page(jobId);
    Page p = pages[n];
    int i = place(jobId);
    if (p != null && p.ring[i] != null && p.ids[i] == jobId) {
      AcceptedRequest r = p.ring[i] == PACKED ? p.packed.take(i, jobId) : p.ring[i];
      emptied(n, p, i);
      return r;
    }
    return overflow.size() == 0 ? null : overflow.remove(jobId);
  }

  /** Place {@code i} of page {@code n} is free now; a page with none in use is given back. */
  private void emptied(int n, Page p, int i) {
    p.ring[i] = null;
    inRing--;
    if (--p.count > 0) return;
    pages[n] = null;
    if (spare.size() < SPARE_PAGES) spare.push(p); // its places are all free: ready to be used again
  }

  /** A live view of the requests, in no particular order. */
  Iterable<AcceptedRequest> values() {
    return () -> new Iterator<>() {
      private int n;
      private int i = -1;
      private Iterator<AcceptedRequest> rest;

      { advance(); }

      private void advance() {
        for (; n < pages.length; n++, i = -1) {
          Page p = pages[n];
          if (p == null) continue;
          while (++i < PAGE) if (p.ring[i] != null) return;
        }
      }

      @Override
      public boolean hasNext() {
        if (n < pages.length) return true;
        if (rest == null) rest = overflow.values().iterator();
        return rest.hasNext();
      }

      @Override
      public AcceptedRequest next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (n < pages.length) {
          Page p = pages[n];
          AcceptedRequest r = p.ring[i] == PACKED ? unpack(p, i) : p.ring[i];
          advance();
          return r;
        }
        return rest.next();
      }
    };
  }

  /**
   * Adds the requests due at {@code now} (deadline reached) to {@code due}; returns the earliest
   * deadline of the others. Reads the deadlines where they are: only a due request becomes an object.
   */
  long dueBy(long now, List<AcceptedRequest> due) {
    long earliest = Long.MAX_VALUE;
    for (Page p : pages) {
      if (p == null) continue;
      for (int i = 0; i < PAGE; i++) {
        AcceptedRequest r = p.ring[i];
        if (r == null) continue;
        long deadline = r == PACKED ? p.packed.deadlineNanos(i) : r.deadlineNanos;
        if (deadline <= now) due.add(r == PACKED ? unpack(p, i) : r);
        else earliest = Math.min(earliest, deadline);
      }
    }
    for (AcceptedRequest r : overflow.values()) {
      if (r.deadlineNanos <= now) due.add(r);
      else earliest = Math.min(earliest, r.deadlineNanos);
    }
    return earliest;
  }

  /** The requests in flight on {@code w}. */
  List<AcceptedRequest> heldBy(WorkerEntry w) {
    List<AcceptedRequest> theirs = new ArrayList<>();
    for (Page p : pages) {
      if (p == null) continue;
      for (int i = 0; i < PAGE; i++) {
        AcceptedRequest r = p.ring[i];
        if (r == PACKED ? p.packed.worker(i) == w : r != null && r.worker == w) theirs.add(r == PACKED ? unpack(p, i) : r);
      }
    }
    for (AcceptedRequest r : overflow.values()) if (r.worker == w) theirs.add(r);
    return theirs;
  }

  private static int page(long jobId) {
    return ((int) jobId & (RING - 1)) >>> PAGE_BITS;
  }

  private static int place(long jobId) {
    return (int) jobId & (PAGE - 1);
  }
}
