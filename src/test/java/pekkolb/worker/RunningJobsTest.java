package pekkolb.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A worker's jobs on timers by id and attempt: read back as put, pages given back, a lapped page refused. */
class RunningJobsTest {

  @Test
  void jobsComeBackAsPutAcrossPagesAndNothingIsHeldOnceTheyEnded() {
    RunningJobs jobs = new RunningJobs();
    int n = 3 * RunningJobs.PAGE + 17;
    int[] places = new int[n];
    for (int k = 0; k < n; k++) places[k] = jobs.add(1_000_000L + k, 1 + k % 3);
    assertEquals(n, jobs.held());
    for (int k = n - 1; k >= 0; k--) { // in any order: jobs of different lengths end out of order
      assertEquals(1_000_000L + k, jobs.jobId(places[k]));
      assertEquals(1 + k % 3, jobs.attempt(places[k]));
      jobs.ended(places[k]);
    }
    assertEquals(0, jobs.held());
    int next = jobs.add(7, 1); // pages given back are used again
    assertEquals(7, jobs.jobId(next));
  }

  @Test
  void aPageStillInUseWhenTheRingComesRoundIsNotReusedUntilItsJobEnds() {
    RunningJobs jobs = new RunningJobs();
    int stuck = jobs.add(1, 1); // a job that outlives a whole ring of others
    for (int k = 1; k < RunningJobs.RING; k++) jobs.ended(jobs.add(1 + k, 1));
    assertEquals(-1, jobs.add(42, 1), "page 0 still holds the stuck job: the caller keeps the job as it came");
    assertEquals(1, jobs.jobId(stuck));
    jobs.ended(stuck);
    int again = jobs.add(42, 2);
    assertEquals(0, again, "the ring goes on where it stopped once the page is free");
    assertEquals(42, jobs.jobId(again));
    assertEquals(2, jobs.attempt(again));
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
