package pekkolb.bench;

import java.util.Arrays;

/**
 * When each request of a run was sent, kept per chunk: the driver sends ids in consecutive chunks,
 * each stamped once as it leaves, so a million requests sent at once are ~4,000 stamps, not an 8 MB
 * array read at a stride of the workers' count, one cache miss per few answers, by the client that
 * shares the two cores with what it measures.
 */
final class SendStamps {
  private long[] firstIds = new long[64];
  private long[] stamps = new long[64];
  private int chunks;
  private long end; // one past the last id sent
  private int last; // the chunk the last lookup found: answers in a row mostly come from one chunk

  /** Ids {@code first} to {@code first + n - 1}, following the ones before, left at {@code stamp}. */
  void sent(long first, int n, long stamp) {
    if (first != end && chunks > 0) throw new IllegalArgumentException("ids must follow on: " + first + " after " + end);
    if (chunks == firstIds.length) {
      firstIds = Arrays.copyOf(firstIds, chunks * 2);
      stamps = Arrays.copyOf(stamps, chunks * 2);
    }
    firstIds[chunks] = first;
    stamps[chunks] = stamp;
    chunks++;
    end = first + n;
  }

  /** The stamp of id {@code id}, which was sent. */
  long of(long id) {
    if (chunks == 0 || id < firstIds[0] || id >= end) throw new IllegalArgumentException("id " + id + " was not sent");
    if (!holds(last, id)) {
      int at = Arrays.binarySearch(firstIds, 0, chunks, id);
      last = at >= 0 ? at : -at - 2; // the chunk that starts at or before id
    }
    return stamps[last];
  }

  private boolean holds(int chunk, long id) {
    return firstIds[chunk] <= id && (chunk + 1 == chunks || id < firstIds[chunk + 1]);
  }
}
