package pekkolb.protocol;

import java.lang.reflect.Array;

/** What the batch messages share: their entries are parallel arrays, entry {@code i} at index {@code i} of each. */
final class Batches {
  private Batches() {}

  /**
   * @throws IllegalArgumentException saying what the batch {@code needs} and its {@code length}, unless every
   *     one of {@code arrays} is there and holds {@code length} entries
   */
  static void requireLength(String needs, int length, Object... arrays) {
    for (Object a : arrays) {
      if (a == null || Array.getLength(a) != length) throw new IllegalArgumentException(needs + " (" + length + ")");
    }
  }
}
