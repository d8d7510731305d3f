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
 * doubles if it is a quarter full or more (a burst), up to {@link #MAX_RING}; else the newer job
 * goes to a {@link LongMap} (a straggler lapped by the flow keeps its place).
 * Owned by one actor: not thread-safe; no put or remove while iterating {@link #values()}.
 */
final class JobTable {
  static final int MIN_RING = 1 << 12;
  static final int MAX_RING = 1 << 22;

  private long[] ids = new long[MIN_RING];
  private AcceptedRequest[] ring = new AcceptedRequest[MIN_RING];
  private int inRing;
  private final LongMap<AcceptedRequest> overflow = new LongMap<>();

  int size() {
    return inRing + overflow.size();
  }

  AcceptedRequest get(long jobId) {
    int i = slot(jobId);
    if (ids[i] == jobId && ring[i] != null) return ring[i];
    return overflow.size() == 0 ? null : overflow.get(jobId);
  }

  /** Puts {@code r} under its job id, replacing what was there under that id. */
  void put(AcceptedRequest r) {
    int i = slot(r.jobId);
    if (ring[i] == null) {
      if (overflow.size() > 0) overflow.remove(r.jobId);
      ids[i] = r.jobId;
      ring[i] = r;
      inRing++;
    } else if (ids[i] == r.jobId) {
      ring[i] = r;
    } else if (inRing >= ring.length / 4 && ring.length < MAX_RING) {
      grow(); // a burst: make room for it in the ring
      put(r);
    } else {
      overflow.put(r.jobId, r); // a straggler lapped by newer jobs: it keeps its place, the newer one waits aside
      if (overflow.size() > ring.length && ring.length < MAX_RING) grow();
    }
  }

  /** Removes the request under {@code jobId}; returns it, or null if none. */
  AcceptedRequest remove(long jobId) {
    int i = slot(jobId);
    AcceptedRequest r = ring[i];
    if (r != null && ids[i] == jobId) {
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
          AcceptedRequest r = ring[at];
          at = advance(at + 1);
          return r;
        }
        return rest.next();
      }
    };
  }

  private int slot(long jobId) {
    return (int) jobId & (ring.length - 1);
  }

  /** Doubles the ring and takes in what fits now from the overflow (ids of one slot split between two). */
  private void grow() {
    long[] oldIds = ids;
    AcceptedRequest[] old = ring;
    ids = new long[old.length * 2];
    ring = new AcceptedRequest[old.length * 2];
    for (int i = 0; i < old.length; i++) {
      if (old[i] == null) continue;
      int j = slot(oldIds[i]);
      ids[j] = oldIds[i];
      ring[j] = old[i];
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
