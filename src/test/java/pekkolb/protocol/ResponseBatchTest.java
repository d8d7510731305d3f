package pekkolb.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A batch of answers names each run's worker, type and approach once, and reads back as one answer per entry. */
class ResponseBatchTest {
  private static final String[] NAMES = {"Worker-1", "Worker-1", "Worker-2", "Worker-2", "Worker-2"};
  private static final String[] TYPES = {"Long", "Long", "Long", "Short", "Short"};
  private static final String[] APPROACHES = {"round_robin", "round_robin", "round_robin", "round_robin", "round_robin"};

  @Test
  void entriesInARowThatNameTheSameShareARun() {
    ResponseBatch b = ResponseBatch.of(new long[] {1, 2, 3, 4, 5}, NAMES, TYPES, APPROACHES, new long[] {10, 20, 30, 40, 50});
    assertArrayEquals(new int[] {2, 3, 5}, b.runEnds());
    assertArrayEquals(new String[] {"Worker-1", "Worker-2", "Worker-2"}, b.workers());
    assertEquals(3, b.runs());
    assertEquals(3, b.runStart(2));
    for (int i = 0; i < 5; i++) {
      assertEquals(new Response(i + 1, NAMES[i], TYPES[i], APPROACHES[i], (i + 1) * 10L), b.response(i), "entry " + i);
    }
    assertEquals(0, b.runOf(0));
    assertEquals(1, b.runOf(2), "the first entry of a run is found at the end of the one before");
    assertEquals(2, b.runOf(4));
    assertThrows(IndexOutOfBoundsException.class, () -> b.runOf(5));
  }

  @Test
  void anEmptyBatchHasNoRuns() {
    ResponseBatch b = ResponseBatch.of(new long[0], new String[0], new String[0], new String[0], new long[0]);
    assertEquals(0, b.size());
    assertEquals(0, b.runs());
  }

  @Test
  void runsThatDoNotCoverTheEntriesExactlyAreRefused() {
    long[] ids = {1, 2, 3};
    long[] ms = {1, 2, 3};
    String[] one = {"x"};
    String[] two = {"x", "y"};
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ResponseBatch(ids, ms, new int[] {2}, one, one, one))
        .getMessage().contains("last of the 3 entries"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ResponseBatch(ids, ms, new int[] {2, 2}, two, two, two))
        .getMessage().contains("in order"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ResponseBatch(ids, ms, new int[] {1, 3}, two, one, two))
        .getMessage().contains("per run"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new ResponseBatch(ids, new long[2], new int[] {3}, one, one, one))
        .getMessage().contains("as many times"));
  }

  @Test
  void equalContentsAreEqual() {
    ResponseBatch a = ResponseBatch.of(new long[] {1, 2, 3, 4, 5}, NAMES, TYPES, APPROACHES, new long[] {10, 20, 30, 40, 50});
    ResponseBatch b = ResponseBatch.of(new long[] {1, 2, 3, 4, 5}, NAMES.clone(), TYPES.clone(), APPROACHES.clone(),
        new long[] {10, 20, 30, 40, 50});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
  }
}
