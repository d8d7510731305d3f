package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rows a balancer keeps its requests in: ids of a slot and a generation, so a stale id finds nothing. */
class RequestTableTest {

  @Test
  void anIdFindsItsRowUntilTheRowIsFreedAndNeverAfterEvenWhenTheSlotIsUsedAgain() {
    RequestTable<String> t = new RequestTable<>();
    long a = t.add("a", 7, 3, 500, 1_000, 1);
    int slot = t.slotOf(a);
    assertEquals((int) a, slot);
    assertEquals("a", t.payload(slot));
    assertEquals(7, t.tag(slot));
    assertEquals(3, t.lane(slot));
    assertEquals(500, t.expectedNanos(slot));
    assertEquals(1_000, t.submittedNanos(slot));
    assertEquals(a, t.id(slot));
    t.remove(slot);
    assertEquals(-1, t.slotOf(a));
    assertFalse(t.busy(slot));
    assertEquals(0, t.size());

    long b = t.add("b", 8, 0, 0, 2_000, 2);
    assertEquals(slot, t.slotOf(b), "the freed slot is used again");
    assertNotEquals(a, b, "with the next generation");
    assertEquals(-1, t.slotOf(a), "the stale id still finds nothing");
    assertEquals(-1, t.slotOf(b + (1L << 32)), "nor does a later generation");
    assertEquals(-1, t.slotOf(12), "nor a slot never used");
  }

  @Test
  void aDispatchCountsAnAttemptAndRecordsTheRouteeAndAnUndispatchKeepsBoth() {
    RequestTable<String> t = new RequestTable<>();
    int slot = (int) t.add("a", 0, 2, 0, 0, 1);
    assertEquals(0, t.attempt(slot));
    assertFalse(t.has(slot, RequestTable.IN_FLIGHT));
    t.dispatched(slot, 513, 10, 99);
    assertTrue(t.has(slot, RequestTable.IN_FLIGHT));
    assertEquals(1, t.attempt(slot));
    assertEquals(513, t.routee(slot));
    assertEquals(10, t.dispatchedNanos(slot));
    assertEquals(99, t.deadlineNanos(slot));
    assertEquals(2, t.lane(slot), "the lane is untouched");
    t.undispatched(slot);
    assertFalse(t.has(slot, RequestTable.IN_FLIGHT));
    assertEquals(513, t.routee(slot));
    assertEquals(1, t.attempt(slot));
    for (int i = 0; i < 100; i++) t.dispatched(slot, 4, 0, 0);
    assertEquals(RequestTable.MAX_ATTEMPTS, t.attempt(slot), "attempts stop at the most a row counts");
    assertEquals(4, t.routee(slot));
  }

  @Test
  void flagsAndTwinsAreSetAndClearedAlone() {
    RequestTable<String> t = new RequestTable<>();
    int slot = (int) t.add("a", 0, 0, 0, 0, 1);
    t.set(slot, RequestTable.COPY, true);
    t.set(slot, RequestTable.RETRIED, true);
    t.set(slot, RequestTable.COPY, false);
    assertTrue(t.has(slot, RequestTable.RETRIED));
    assertFalse(t.has(slot, RequestTable.COPY));
    assertTrue(t.busy(slot));
    t.twin(slot, 42);
    assertEquals(42, t.twin(slot));
    t.routee(slot, 9);
    assertEquals(9, t.routee(slot));
    assertTrue(t.has(slot, RequestTable.RETRIED), "setting the routee leaves the flags");
  }

  @Test
  void rowsSpanPagesAndEveryIdFindsItsOwn() {
    RequestTable<String> t = new RequestTable<>();
    List<Long> ids = new ArrayList<>();
    int n = RequestTable.PAGE + 10;
    for (int i = 0; i < n; i++) ids.add(t.add("r" + i, i, 0, 0, 0, i + 1));
    assertEquals(n, t.size());
    for (int i = 0; i < n; i++) {
      int slot = t.slotOf(ids.get(i));
      assertEquals("r" + i, t.payload(slot));
      assertEquals(i, t.tag(slot));
      assertEquals(i + 1, t.sequence(slot));
    }
  }
}
