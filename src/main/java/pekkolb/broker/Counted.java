package pekkolb.broker;

import java.util.Arrays;
import java.util.IdentityHashMap;

/**
 * A few objects (the workers, the clients) that a million jobs in flight name, each by a small
 * number held in the job table's numbers instead of a reference: a page of the table then has no
 * references for the collector to scan, and a young collection during a burst has nothing of it to
 * touch (with references, scanning and updating them took 10-16 ms of each pause). A number is kept
 * while some job names it, and reused after.
 */
final class Counted<T> {
  private final IdentityHashMap<T, Integer> numbers = new IdentityHashMap<>();
  private Object[] items = new Object[8]; // by number; 0 is never given
  private int[] counts = new int[8];
  private int[] free = new int[8];
  private int freeCount;
  private int nextNew = 1;
  private T last; // the jobs of one batch name the same client one after another
  private int lastNumber;

  /** The number of {@code item}, counted once more. */
  int acquire(T item) {
    int n;
    if (item == last) {
      n = lastNumber;
    } else {
      Integer known = numbers.get(item);
      n = known != null ? known : give(item);
      last = item;
      lastNumber = n;
    }
    counts[n]++;
    return n;
  }

  @SuppressWarnings("unchecked")
  T get(int number) {
    return (T) items[number];
  }

  /** One job less names {@code number}; at none, it is forgotten. */
  void release(int number) {
    if (--counts[number] > 0) return;
    Object item = items[number];
    numbers.remove(item);
    items[number] = null;
    if (last == item) last = null;
    if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
    free[freeCount++] = number;
  }

  /** Objects named now, for tests. */
  int size() {
    return numbers.size();
  }

  private int give(T item) {
    int n = freeCount > 0 ? free[--freeCount] : nextNew++;
    if (n == items.length) {
      items = Arrays.copyOf(items, n * 2);
      counts = Arrays.copyOf(counts, n * 2);
    }
    items[n] = item;
    numbers.put(item, n);
    return n;
  }
}
