package pekkolb.broker;

import java.util.Arrays;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;

/**
 * A few objects (the workers, the clients) that a million jobs in flight name, each by a small
 * number held in the job table's numbers instead of a reference: a page of the table then has no
 * references for the collector to scan, and a young collection during a burst has nothing of it to
 * touch (with references, scanning and updating them took 10-16 ms of each pause). A number is kept
 * while some job names it, and reused after. The object carries its own number, so naming it is a
 * field read, not a lookup per job.
 */
final class Counted<T> {
  private final ToIntFunction<T> numberOf; // the number an object keeps while it is named; 0: not named now
  private final ObjIntConsumer<T> keepNumber;

  private Object[] items = new Object[8]; // by number; 0 is never given
  private int[] counts = new int[8];
  private int[] free = new int[8];
  private int freeCount;
  private int nextNew = 1;
  private int size;

  /** @param numberOf reads the number kept on an object, {@code keepNumber} keeps one there */
  Counted(ToIntFunction<T> numberOf, ObjIntConsumer<T> keepNumber) {
    this.numberOf = numberOf;
    this.keepNumber = keepNumber;
  }

  /** The number of {@code item}, counted once more. */
  int acquire(T item) {
    int n = numberOf.applyAsInt(item);
    if (n == 0) n = give(item);
    counts[n]++;
    return n;
  }

  @SuppressWarnings("unchecked")
  T get(int number) {
    return (T) items[number];
  }

  /** One job less names {@code number}; at none, it is forgotten. */
  void release(int number) {
    release(number, 1);
  }

  /** {@code jobs} jobs less name {@code number}; at none, it is forgotten. */
  @SuppressWarnings("unchecked")
  void release(int number, int jobs) {
    if ((counts[number] -= jobs) > 0) return;
    keepNumber.accept((T) items[number], 0);
    items[number] = null;
    size--;
    if (freeCount == free.length) free = Arrays.copyOf(free, freeCount * 2);
    free[freeCount++] = number;
  }

  /** Objects named now, for tests. */
  int size() {
    return size;
  }

  private int give(T item) {
    int n = freeCount > 0 ? free[--freeCount] : nextNew++;
    if (n == items.length) {
      items = Arrays.copyOf(items, n * 2);
      counts = Arrays.copyOf(counts, n * 2);
    }
    items[n] = item;
    keepNumber.accept(item, n);
    size++;
    return n;
  }
}
