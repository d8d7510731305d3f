package pekkolb.worker;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The id and attempt of each job a worker runs on a timer, so that the worker holds no object per job
 * and not the message the job came in either: a million jobs in flight are a few dozen arrays for the
 * GC, not a million objects to copy and mark while they wait. Places follow one another in pages of
 * {@link #PAGE}, made when first reached and given back when their last job ends. A page is one long
 * array large enough for G1 to allocate it among the old objects, so the young collections during a
 * burst do not copy it.
 *
 * <p>The pages form a ring: a page still in use when the ring comes round to it (a job that outlives
 * millions of others) is passed over, and a ring with every page in use grows.
 */
final class RunningJobs {
  static final int PAGE_BITS = 15;
  static final int PAGE = 1 << PAGE_BITS;
  /** Pages in the ring before it ever has to grow. */
  static final int PAGES = 128;
  private long[][] pages = new long[PAGES][];
  private int[] live = new int[PAGES];
  private final ArrayDeque<long[]> spare = new ArrayDeque<>(1);
  private int filling = -1; // the page new jobs go to
  private int offset = PAGE; // the next place's offset in it; PAGE: the next job starts a page

  /** Keeps a job; returns its place. */
  int add(long jobId, int attempt) {
    // Page changes are handled at a page's first place, which every new worker's first job passes: a test
    // the JIT saw go only one way is compiled as a trap, and the first burst to cross a page deoptimized.
    if (offset == PAGE) nextPage();
    long[] page = pages[filling];
    page[2 * offset] = jobId;
    page[2 * offset + 1] = attempt;
    live[filling]++;
    return (filling << PAGE_BITS) | offset++;
  }

  /** Moves on to the next page of the ring free of jobs (one more page if none is), and gives back the page left if its jobs ended. */
  private void nextPage() {
    int left = filling;
    int n = (left + 1) % pages.length;
    for (int tried = 0; live[n] > 0 && tried < pages.length; tried++) n = (n + 1) % pages.length;
    if (live[n] > 0) n = grow();
    filling = n;
    offset = 0;
    if (left >= 0 && left != n) releaseIfDone(left);
    if (pages[n] == null) pages[n] = spare.isEmpty() ? new long[2 * PAGE] : spare.pop();
  }

  /** Doubles the ring; returns the first new page. */
  private int grow() {
    int n = pages.length;
    pages = Arrays.copyOf(pages, 2 * n);
    live = Arrays.copyOf(live, 2 * n);
    return n;
  }

  /**
   * Copies the ids and attempts of places {@code from .. to - 1} (places that follow one another, as
   * a {@link TimerBatch}'s run keeps them) into {@code ids} and {@code attempts} from {@code at}, and
   * ends their jobs: a page no longer filled and with no job left is given back.
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

  /** Places held, for tests. */
  int held() {
    int sum = 0;
    for (int l : live) sum += l;
    return sum;
  }

  private void releaseIfDone(int n) {
    if (live[n] > 0 || pages[n] == null || n == filling) return;
    if (spare.isEmpty()) spare.push(pages[n]);
    pages[n] = null;
  }
}
