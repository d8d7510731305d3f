package pekkolb.broker;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A map from long keys to objects for the jobs in flight, without a boxed key or an entry object
 * per job (up to millions of them): HashMap's chained buckets kept in parallel primitive arrays.
 * Owned by one actor: not thread-safe; no null values; no put or remove while iterating values().
 */
final class LongMap<V> {
  private static final int MIN_CAPACITY = 16;

  private int[] heads; // per bucket: first entry + 1, 0 = empty
  private long[] keys; // per entry
  private Object[] values; // per entry; null = free
  private int[] next; // per entry: next entry in its chain (or in the free list) + 1, 0 = end
  private int free; // first free entry + 1, 0 = none
  private int used; // entries ever handed out; those from here on were never used
  private int size;

  LongMap() {
    heads = new int[MIN_CAPACITY];
    keys = new long[MIN_CAPACITY];
    values = new Object[MIN_CAPACITY];
    next = new int[MIN_CAPACITY];
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    for (int e = heads[bucket(key)]; e != 0; e = next[e - 1]) {
      if (keys[e - 1] == key) return (V) values[e - 1];
    }
    return null;
  }

  /** Maps {@code key} to {@code value}; returns the value it replaced, or null. */
  @SuppressWarnings("unchecked")
  V put(long key, V value) {
    if (value == null) throw new NullPointerException("value");
    int b = bucket(key);
    for (int e = heads[b]; e != 0; e = next[e - 1]) {
      if (keys[e - 1] == key) {
        V old = (V) values[e - 1];
        values[e - 1] = value;
        return old;
      }
    }
    int e = allocate();
    keys[e] = key;
    values[e] = value;
    next[e] = heads[b];
    heads[b] = e + 1;
    // Load factor 0.75, as HashMap's: chains stay about one entry long.
    if (++size > heads.length - (heads.length >> 2)) rehash(heads.length * 2);
    return null;
  }

  /** Removes {@code key}; returns its value, or null if it was absent. */
  @SuppressWarnings("unchecked")
  V remove(long key) {
    int b = bucket(key);
    int prev = 0;
    for (int e = heads[b]; e != 0; prev = e, e = next[e - 1]) {
      if (keys[e - 1] != key) continue;
      V old = (V) values[e - 1];
      if (prev == 0) heads[b] = next[e - 1];
      else next[prev - 1] = next[e - 1];
      values[e - 1] = null;
      next[e - 1] = free;
      free = e;
      size--;
      return old;
    }
    return null;
  }

  /** A live view of the values, in no particular order. */
  Iterable<V> values() {
    return () -> new Iterator<V>() {
      private int at = advance(0);

      private int advance(int from) {
        while (from < used && values[from] == null) from++;
        return from;
      }

      @Override
      public boolean hasNext() {
        return at < used;
      }

      @Override
      @SuppressWarnings("unchecked")
      public V next() {
        if (at >= used) throw new NoSuchElementException();
        V v = (V) values[at];
        at = advance(at + 1);
        return v;
      }
    };
  }

  private int bucket(long key) {
    return (int) (key ^ (key >>> 32)) & (heads.length - 1);
  }

  /** A free entry's index: the most recently freed one, else a new one. */
  private int allocate() {
    if (free != 0) {
      int e = free - 1;
      free = next[e];
      return e;
    }
    if (used == keys.length) {
      int n = keys.length * 2;
      keys = Arrays.copyOf(keys, n);
      values = Arrays.copyOf(values, n);
      next = Arrays.copyOf(next, n);
    }
    return used++;
  }

  private void rehash(int buckets) {
    heads = new int[buckets];
    for (int e = 0; e < used; e++) {
      if (values[e] == null) continue;
      int b = bucket(keys[e]);
      next[e] = heads[b];
      heads[b] = e + 1;
    }
  }
}
