package pekkolb.broker;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The broker's requests in flight, by job id. Job ids rise by one per request and most jobs end
 * soon after they start, so a job sits in a ring at its id's low bits: found by one array read, no
 * hashing; the ids sit in an array beside it, so a lookup or a doubling never touches a request
 * object it does not return. When a newer job needs the place of one still in flight, the ring
 * grows fourfold if it is a quarter full or more (a burst), up to {@link #MAX_RING}; else the newer
 * job goes to a {@link LongMap} (a straggler lapped by the flow keeps its place). Fourfold, not
 * twofold: a burst of a million copies a third as many jobs, while the broker is busiest.
 * The broker's scratch request is kept in the ring as columns ({@link PackedJobs}), not as an object:
 * it becomes one (and stays one) only when something asks for it by id or walks the table.
 * Owned by one actor: not thread-safe; no put or remove while iterating {@link #values()}.
 */
final class JobTable {
  static final int MIN_RING = 1 << 12;
  static final int MAX_RING = 1 << 22;
  private static final int GROWTH = 4;
  /** In the ring: this place's request is in the columns. */
  private static final AcceptedRequest PACKED = AcceptedRequest.scratch();

  private long[] ids = new long[MIN_RING];
  private AcceptedRequest[] ring = new AcceptedRequest[MIN_RING];
  private PackedJobs packed = new PackedJobs(MIN_RING);
  private int inRing;
  private final LongMap<AcceptedRequest> overflow = new LongMap<>();

  int size() {
    return inRing + overflow.size();
  }

  AcceptedRequest get(long jobId) {
    int i = slot(jobId);
    if (ids[i] == jobId && ring[i] != null) return ring[i] == PACKED ? unpack(i) : ring[i];
    return overflow.size() == 0 ? null : overflow.get(jobId);
  }

  /** The packed request at {@code i} as an object, kept in its place from now on (the same object each time). */
  private AcceptedRequest unpack(int i) {
    AcceptedRequest r = packed.take(i, ids[i]);
    ring[i] = r;
    return r;
  }

  /** Puts {@code r} under its job id, replacing what was there under that id. */
  void put(AcceptedRequest r) {
    int i = slot(r.jobId);
    if (ring[i] == null) {
      if (overflow.size() > 0) overflow.remove(r.jobId);
      ids[i] = r.jobId;
      place(i, r);
      inRing++;
    } else if (ids[i] == r.jobId) {
      if (ring[i] == PACKED) packed.clear(i);
      place(i, r);
    } else if (inRing >= ring.length / 4 && ring.length < MAX_RING) {
      grow(); // a burst: make room for it in the ring
      put(r);
    } else {
      overflow.put(r.jobId, r.scratch ? r.detached() : r); // a straggler lapped by newer jobs: it keeps its place, the newer one waits aside
      if (overflow.size() > ring.length && ring.length < MAX_RING) grow();
    }
  }

  private void place(int i, AcceptedRequest r) {
    // The scratch request is filled again for the next request: its fields are kept, not it.
    boolean plain = r.race == null && !r.holdsRedispatchToken && !r.retriedAfterFault;
    if (r.scratch && plain) {
      packed.put(i, r);
      ring[i] = PACKED;
    } else {
      ring[i] = r.scratch ? r.detached() : r;
    }
  }

  /**
   * Removes and returns the request under {@code jobId} if it is at {@code attempt}, else null (and
   * it stays). One kept as columns is read into {@code into} (a scratch request) instead of a new object.
   */
  AcceptedRequest removeAnswered(long jobId, int attempt, AcceptedRequest into) {
    int i = slot(jobId);
    if (ring[i] == PACKED && ids[i] == jobId) {
      if (packed.attempt(i) != attempt) return null;
      packed.read(i, jobId, into);
      ring[i] = null;
      inRing--;
      return into;
    }
    AcceptedRequest r = get(jobId);
    if (r == null || r.attempt != attempt) return null;
    remove(jobId);
    return r;
  }

  /** Removes the request under {@code jobId}; returns it, or null if none. */
  AcceptedRequest remove(long jobId) {
    int i = slot(jobId);
    AcceptedRequest r = ring[i];
    if (r != null && ids[i] == jobId) {
      if (r == PACKED) r = packed.take(i, jobId);
      ring[i] = null;
      inRing--;
      return r;
    }
    return overflow.size() == 0 ? null : overflow.remove(jobId);
  }

  /** A live view of the requests, in no particular order. */
  Iterable<AcceptedRequest> values() {
    return () -> new Iterator<>() {
      private int at = advance(0);
      private Iterator<AcceptedRequest> rest;

      private int advance(int from) {
        while (from < ring.length && ring[from] == null) from++;
        return from;
      }

      @Override
      public boolean hasNext() {
        if (at < ring.length) return true;
        if (rest == null) rest = overflow.values().iterator();
        return rest.hasNext();
      }

      @Override
      public AcceptedRequest next() {
        if (!hasNext()) throw new NoSuchElementException();
        if (at < ring.length) {
          AcceptedRequest r = ring[at] == PACKED ? unpack(at) : ring[at];
          at = advance(at + 1);
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
    for (int i = 0; i < ring.length; i++) {
      AcceptedRequest r = ring[i];
      if (r == null) continue;
      long deadline = r == PACKED ? packed.deadlineNanos(i) : r.deadlineNanos;
      if (deadline <= now) due.add(r == PACKED ? unpack(i) : r);
      else earliest = Math.min(earliest, deadline);
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
    for (int i = 0; i < ring.length; i++) {
      AcceptedRequest r = ring[i];
      if (r == PACKED ? packed.worker(i) == w : r != null && r.worker == w) theirs.add(r == PACKED ? unpack(i) : r);
    }
    for (AcceptedRequest r : overflow.values()) if (r.worker == w) theirs.add(r);
    return theirs;
  }

  private int slot(long jobId) {
    return (int) jobId & (ring.length - 1);
  }

  /** Grows the ring and takes in what fits now from the overflow (ids of one slot split among several). */
  private void grow() {
    long[] oldIds = ids;
    AcceptedRequest[] old = ring;
    PackedJobs oldPacked = packed;
    int length = Math.min(MAX_RING, old.length * GROWTH);
    ids = new long[length];
    ring = new AcceptedRequest[length];
    packed = new PackedJobs(length);
    for (int i = 0; i < old.length; i++) {
      if (old[i] == null) continue;
      int j = slot(oldIds[i]);
      ids[j] = oldIds[i];
      ring[j] = old[i];
      if (old[i] == PACKED) oldPacked.copy(i, packed, j);
    }
    if (overflow.size() == 0) return;
    List<AcceptedRequest> moved = new ArrayList<>();
    for (AcceptedRequest r : overflow.values()) if (ring[slot(r.jobId)] == null) moved.add(r);
    for (AcceptedRequest r : moved) {
      int j = slot(r.jobId);
      if (ring[j] != null) continue; // two of them wanted the same place: the first has it
      overflow.remove(r.jobId);
      ids[j] = r.jobId;
      ring[j] = r;
      inRing++;
    }
  }
}
