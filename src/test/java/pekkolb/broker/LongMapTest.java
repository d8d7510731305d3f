package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The broker's long-keyed map behaves like a HashMap, for sequential and colliding keys alike. */
class LongMapTest {

  private static void assertSame(Map<Long, String> expected, LongMap<String> map) {
    assertEquals(expected.size(), map.size());
    for (var e : expected.entrySet()) assertEquals(e.getValue(), map.get(e.getKey()), "key " + e.getKey());
    Set<String> seen = new HashSet<>();
    for (String v : map.values()) seen.add(v);
    assertEquals(new HashSet<>(expected.values()), seen);
  }

  @Test
  void putGetRemoveLikeAHashMap() {
    Random random = new Random(42);
    LongMap<String> map = new LongMap<>();
    Map<Long, String> expected = new HashMap<>();
    for (int step = 0; step < 200_000; step++) {
      // Mostly small keys (so they collide and wrap around), some multiples of table sizes, some negative.
      long key = switch (random.nextInt(4)) {
        case 0 -> random.nextInt(64);
        case 1 -> (long) random.nextInt(8) << (4 + random.nextInt(16));
        case 2 -> -random.nextInt(1000);
        default -> random.nextInt(5000);
      };
      if (random.nextInt(3) == 0) {
        assertEquals(expected.remove(key), map.remove(key));
      } else {
        String value = "v" + step;
        assertEquals(expected.put(key, value), map.put(key, value));
      }
      if (step % 10_000 == 0) assertSame(expected, map);
    }
    assertSame(expected, map);
  }

  @Test
  void slidingWindowOfSequentialIdsWithLongLivedOnes() {
    // The broker's pattern: ids in sequence, most removed soon, a block of long-lived ones pinned.
    LongMap<String> map = new LongMap<>();
    Map<Long, String> expected = new HashMap<>();
    for (long id = 1; id <= 100_000; id++) {
      map.put(id, "x" + id);
      expected.put(id, "x" + id);
      if (id - 50 > 10_000) { // ids up to 10,000 stay: pinned
        assertEquals(expected.remove(id - 50), map.remove(id - 50));
      }
    }
    assertSame(expected, map);
    for (long id = 1; id <= 10_000; id++) assertEquals("x" + id, map.remove(id));
    assertNull(map.get(1));
    assertEquals(50, map.size());
  }
}
