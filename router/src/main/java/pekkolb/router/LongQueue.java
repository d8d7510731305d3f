package pekkolb.router;

/** A first-in first-out queue of request ids that may also take one at its front: no object per entry. */
final class LongQueue {
  private long[] items = new long[16];
  private int head;
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  void add(long id) {
    grow();
    items[(head + size++) & (items.length - 1)] = id;
  }

  /** Puts {@code id} first in line. */
  void addFirst(long id) {
    grow();
    head = (head - 1) & (items.length - 1);
    items[head] = id;
    size++;
  }

  /** The first id, still queued; 0 if none. */
  long peek() {
    return size == 0 ? 0 : items[head];
  }

  /** Takes the first id off; 0 if none. */
  long poll() {
    if (size == 0) return 0;
    long id = items[head];
    head = (head + 1) & (items.length - 1);
    size--;
    return id;
  }

  /** Takes {@code id} out wherever it is in line (a scan: for the rare request that leaves while it waits). */
  void remove(long id) {
    int mask = items.length - 1;
    for (int i = 0; i < size; i++) {
      if (items[(head + i) & mask] != id) continue;
      for (int j = i; j < size - 1; j++) items[(head + j) & mask] = items[(head + j + 1) & mask];
      size--;
      return;
    }
  }

  void clear() {
    head = 0;
    size = 0;
  }

  private void grow() {
    if (size < items.length) return;
    long[] bigger = new long[items.length * 2];
    for (int i = 0; i < size; i++) bigger[i] = items[(head + i) & (items.length - 1)];
    items = bigger;
    head = 0;
  }
}
