package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A worker's jobs on timers by id and attempt: read back as put, pages given back, a page in use passed over, the ring grown. */
class RunningJobsTest {

  /** Ends the job at {@code place} and returns its id and attempt as {id, attempt}. */
  private static long[] end(RunningJobs jobs, int place) {
    long[] id = new long[1];
    int[] attempt = new int[1];
    jobs.endedAll(place, place + 1, id, attempt, 0);
    return new long[] {id[0], attempt[0]};
  }

  @Test
  void jobsComeBackAsPutAcrossPagesAndNothingIsHeldOnceTheyEnded() {
    RunningJobs jobs = new RunningJobs();
    int n = 3 * RunningJobs.PAGE + 17;
    int[] places = new int[n];
    for (int k = 0; k < n; k++) places[k] = jobs.add(1_000_000L + k, 1 + k % 3);
    assertEquals(n, jobs.held());
    for (int k = n - 1; k >= 0; k--) { // in any order: jobs of different lengths end out of order
      long[] job = end(jobs, places[k]);
      assertEquals(1_000_000L + k, job[0]);
      assertEquals(1 + k % 3, job[1]);
    }
    assertEquals(0, jobs.held());
    int next = jobs.add(7, 1); // pages given back are used again
    assertEquals(7, end(jobs, next)[0]);
  }

  @Test
  void aPageStillInUseWhenTheRingComesRoundIsPassedOverAndUsedAgainOnceItsJobEnded() {
    RunningJobs jobs = new RunningJobs();
    int ring = RunningJobs.PAGES * RunningJobs.PAGE;
    int stuck = jobs.add(1, 1); // a job that outlives a whole ring of others
    for (int k = 1; k < ring; k++) end(jobs, jobs.add(1 + k, 1));
    int passedOver = jobs.add(42, 2);
    assertEquals(RunningJobs.PAGE, passedOver, "page 0 still holds the stuck job: the ring goes on with page 1");
    assertEquals(1, end(jobs, stuck)[0]);
    for (int k = 1; k < ring - RunningJobs.PAGE; k++) end(jobs, jobs.add(100 + k, 1)); // the rest of page 1, then pages 2 ..
    assertEquals(0, jobs.add(43, 1), "the freed page is used again");
    long[] job = end(jobs, passedOver);
    assertEquals(42, job[0]);
    assertEquals(2, job[1]);
  }

  @Test
  void aRingWithEveryPageInUseGrowsAndKeepsEveryJob() {
    RunningJobs jobs = new RunningJobs();
    int ring = RunningJobs.PAGES * RunningJobs.PAGE;
    int[] firsts = new int[RunningJobs.PAGES];
    for (int k = 0; k < ring; k++) {
      int place = jobs.add(k, 1);
      if (place % RunningJobs.PAGE == 0) firsts[place / RunningJobs.PAGE] = place; // the first job of each page stays
      else end(jobs, place);
    }
    int beyond = jobs.add(-7, 3);
    assertEquals(ring, beyond, "no page is free: the ring grew by its own size");
    for (int p = 0; p < RunningJobs.PAGES; p++) assertEquals((long) p * RunningJobs.PAGE, end(jobs, firsts[p])[0]);
    long[] job = end(jobs, beyond);
    assertEquals(-7, job[0]);
    assertEquals(3, job[1]);
    assertEquals(0, jobs.held());
  }

  @Test
  void placesThatFollowOneAnotherEndTogetherAcrossAPageBoundary() {
    RunningJobs jobs = new RunningJobs();
    int n = RunningJobs.PAGE + 100; // from the first page into the second
    int first = jobs.add(5_000L, 1);
    for (int k = 1; k < n; k++) assertEquals(first + k, jobs.add(5_000L + k, 1 + k % 3), "places follow one another");
    long[] ids = new long[n + 2];
    int[] attempts = new int[n + 2];
    jobs.endedAll(first + 10, first + n, ids, attempts, 2); // the first ten stay
    assertEquals(10, jobs.held());
    for (int k = 10; k < n; k++) {
      assertEquals(5_000L + k, ids[2 + k - 10], "at " + k);
      assertEquals(1 + k % 3, attempts[2 + k - 10]);
    }
    jobs.endedAll(first, first + 10, ids, attempts, 0);
    assertEquals(0, jobs.held());
    assertEquals(5_009L, ids[9]);
  }
}
