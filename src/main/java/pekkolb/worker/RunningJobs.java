package pekkolb.worker;

import java.util.ArrayDeque;

/**
 * The id and attempt of each job from a {@link pekkolb.protocol.JobBatch} that a worker runs on a
 * shared timer, so that the worker does not hold on to the batch's own arrays for the job's whole
 * time. Places follow one another in a ring of {@link #RING}, in pages of {@link #PAGE} places made
 * when the ring first reaches them and given back when their last job ends. A page is one long array
 * of 512 KB: at G1's 1 MB regions (heaps up to 2 GB) large enough to be allocated among the old
 * objects, so the young collections during a burst do not copy it; the batches' arrays they replace
 * were 24 MB of what the one young collection in a million-job burst copied.
 */
final class RunningJobs {
  static final int PAGE_BITS = 15;
  static final int PAGE = 1 << PAGE_BITS;
  static final int RING = 1 << 22;
  private final long[][] pages = new long[RING >>> PAGE_BITS][];
  private final int[] live = new int[RING >>> PAGE_BITS];
  private final ArrayDeque<long[]> spare = new ArrayDeque<>(1);
  private int next; // the next place, 0 .. RING - 1

  /**
   * Keeps a job; returns its place, or -1 when the ring has come round to a page still in use (a
   * worker holding millions of jobs of different lengths): the caller then keeps the job as it came.
   */
  int add(long jobId, int attempt) {
    int n = next >>> PAGE_BITS;
    // Page changes are handled at a page's first place, which every new worker's first job passes: a test
    // the JIT saw go only one way is compiled as a trap, and the first burst to cross a page deoptimized.
    if ((next & (PAGE - 1)) == 0 && !enterPage(n)) return -1;
    long[] page = pages[n];
    int place = next;
    int at = 2 * (place & (PAGE - 1));
    page[at] = jobId;
    page[at + 1] = attempt;
    live[n]++;
    next = (next + 1) & (RING - 1);
    return place;
  }

  /**
   * At page {@code n}'s first place: the page before was left (given back if all its jobs ended
   * meanwhile); whether page {@code n} may be filled: made (or a spare taken) if it has none, else free of jobs.
   */
  private boolean enterPage(int n) {
    releaseIfDone((n - 1) & (pages.length - 1));
    if (pages[n] != null) return live[n] == 0;
    pages[n] = spare.isEmpty() ? new long[2 * PAGE] : spare.pop();
    return true;
  }

  long jobId(int place) {
    return pages[place >>> PAGE_BITS][2 * (place & (PAGE - 1))];
  }

  int attempt(int place) {
    return (int) pages[place >>> PAGE_BITS][2 * (place & (PAGE - 1)) + 1];
  }

  /**
   * Copies the ids and attempts of places {@code from .. to - 1} (places that follow one another, as
   * a {@link TimerBatch}'s run keeps them) into {@code ids} and {@code attempts} from {@code at}, and
   * ends them (see {@link #ended}).
   */
  void endedAll(int from, int to, long[] ids, int[] attempts, int at) {
    for (int place = from; place < to; ) {
      int n = place >>> PAGE_BITS;
      int end = Math.min(to, (n + 1) << PAGE_BITS); // the places of this page
      long[] page = pages[n];
      live[n] -= end - place;
      for (int k = 2 * (place & (PAGE - 1)); place < end; place++, at++, k += 2) {
        ids[at] = page[k];
        attempts[at] = (int) page[k + 1];
      }
      releaseIfDone(n);
    }
  }

  /** The job at {@code place} ended; a page no longer filled and with no job running is given back. */
  void ended(int place) {
    int n = place >>> PAGE_BITS;
    live[n]--;
    releaseIfDone(n);
  }

  /** Places held, for tests. */
  int held() {
    int sum = 0;
    for (int l : live) sum += l;
    return sum;
  }

  private void releaseIfDone(int n) {
    if (live[n] > 0 || pages[n] == null || (n == next >>> PAGE_BITS && (next & (PAGE - 1)) != 0)) return;
    if (spare.isEmpty()) spare.push(pages[n]);
    pages[n] = null;
  }
}
