package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/** The jobs-in-flight table behaves like a HashMap by job id: in the ring, in the overflow, and as its pages are made, given back and used again. */
class JobTableTest {

  private static AcceptedRequest job(long jobId) {
    return new AcceptedRequest(jobId, jobId, AppType.SHORT, Approach.ROUND_ROBIN, -1, null, null, 0, 1);
  }

  private static void assertLike(Map<Long, AcceptedRequest> expected, JobTable table) {
    assertEquals(expected.size(), table.size());
    for (var e : expected.entrySet()) assertSame(e.getValue(), table.get(e.getKey()), "job " + e.getKey());
    Set<AcceptedRequest> seen = new HashSet<>();
    for (AcceptedRequest r : table.values()) seen.add(r);
    assertEquals(new HashSet<>(expected.values()), seen);
  }

  @Test
  void slidingWindowWithStuckJobsAndABurstThatOutgrowsTheRing() {
    Random random = new Random(7);
    JobTable table = new JobTable();
    Map<Long, AcceptedRequest> expected = new HashMap<>();
    long next = 1;
    // Steady flow with a few jobs that never end (they stay while ids lap the ring many times).
    for (int step = 0; step < 100_000; step++, next++) {
      AcceptedRequest r = job(next);
      table.put(r);
      expected.put(next, r);
      long done = next - 1 - random.nextInt(100);
      if (done > 0 && done % 997 != 0) assertEquals(expected.remove(done), table.remove(done));
    }
    assertLike(expected, table);
    // A burst far larger than the ring: all in flight at once, then all answered.
    long burstStart = next;
    for (int i = 0; i < 3 * JobTable.PAGE * 8; i++, next++) {
      AcceptedRequest r = job(next);
      table.put(r);
      expected.put(next, r);
    }
    assertLike(expected, table);
    for (long id = burstStart; id < next; id++) assertSame(expected.remove(id), table.remove(id));
    assertLike(expected, table);
    assertNull(table.get(burstStart));
    assertNull(table.remove(burstStart), "removed once only");
  }

  @Test
  void aJobPutAgainUnderItsIdReplacesItWhereverItIs() {
    JobTable table = new JobTable();
    AcceptedRequest pinned = job(1);
    table.put(pinned);
    AcceptedRequest lapped = job(1 + JobTable.RING); // same place in the ring: goes to the overflow
    table.put(lapped);
    AcceptedRequest again = job(1 + JobTable.RING);
    table.put(again);
    assertSame(again, table.get(1 + JobTable.RING));
    assertSame(pinned, table.get(1));
    assertEquals(2, table.size());
    assertSame(pinned, table.remove(1));
    table.put(again); // its place in the ring is free now: it moves there, not twice in the table
    assertEquals(1, table.size());
    assertSame(again, table.remove(1 + JobTable.RING));
    assertEquals(0, table.size());
  }

  @Test
  void aPageGivenBackAndUsedAgainForLaterIdsKeepsNothingOfItsEarlierJobs() {
    JobTable table = new JobTable();
    Map<Long, AcceptedRequest> expected = new HashMap<>();
    for (long id = 1; id <= JobTable.PAGE; id++) table.put(job(id)); // page 0 (ids 1 .. PAGE-1) and one of page 1
    for (long id = 1; id < JobTable.PAGE; id++) assertEquals(id, table.remove(id).jobId); // page 0 given back
    long later = 3L * JobTable.PAGE + 5; // page 3: made from the one given back
    AcceptedRequest r = job(later);
    table.put(r);
    expected.put(later, r);
    expected.put((long) JobTable.PAGE, table.get(JobTable.PAGE));
    assertNull(table.get(5), "what page 0 held is gone");
    assertNull(table.remove(5));
    assertLike(expected, table);
  }
}
