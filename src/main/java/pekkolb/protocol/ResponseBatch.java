package pekkolb.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * Several served requests of one client in one message: entry {@code i} means what a
 * {@link Response} with the same fields means. Entries in a row answered by one worker for one app
 * type and approach form a run, which names those once: run {@code r} is entries
 * {@link #runStart}{@code (r)} to {@code runEnds[r] - 1}, with {@code workers[r]}, {@code appTypes[r]}
 * and {@code approaches[r]}. A worker's jobs end in such runs, so names go once per run, not once per
 * answer, in the broker's buffer and on the wire. A broker sends these only to a client that submitted
 * a {@link SubmitBatch}; each request is still answered exactly once.
 */
public record ResponseBatch(long[] requestIds, long[] elapsedMillis, int[] runEnds, String[] workers, String[] appTypes,
    String[] approaches) implements ToClient {

  public ResponseBatch {
    Objects.requireNonNull(requestIds, "requestIds");
    Batches.requireLength("a batch of responses needs as many times as request ids", requestIds.length, elapsedMillis);
    if (runEnds == null || workers == null || appTypes == null || approaches == null || workers.length != runEnds.length
        || appTypes.length != runEnds.length || approaches.length != runEnds.length) {
      throw new IllegalArgumentException("a batch of responses needs a worker, an app type and an approach per run ("
          + (runEnds == null ? "no runs" : runEnds.length + " runs") + ")");
    }
    int start = 0;
    for (int end : runEnds) {
      if (end <= start) throw new IllegalArgumentException("runs must each hold an entry, in order: " + Arrays.toString(runEnds));
      start = end;
    }
    if (start != requestIds.length) {
      throw new IllegalArgumentException("runs must end at the last of the " + requestIds.length + " entries: " + Arrays.toString(runEnds));
    }
  }

  /** A batch from a worker, an app type and an approach per entry; entries in a row that name the same share a run. */
  public static ResponseBatch of(long[] requestIds, String[] workers, String[] appTypes, String[] approaches, long[] elapsedMillis) {
    int n = requestIds.length;
    if (workers.length != n || appTypes.length != n || approaches.length != n) {
      throw new IllegalArgumentException("a batch of responses needs as many workers, app types and approaches as request ids (" + n + ")");
    }
    int[] ends = new int[n];
    int runs = 0;
    for (int i = 0; i < n; i++) {
      boolean alike = i > 0 && Objects.equals(workers[i], workers[i - 1]) && Objects.equals(appTypes[i], appTypes[i - 1])
          && Objects.equals(approaches[i], approaches[i - 1]);
      if (!alike) runs++;
      ends[runs - 1] = i + 1;
    }
    String[] w = new String[runs];
    String[] t = new String[runs];
    String[] a = new String[runs];
    for (int r = 0; r < runs; r++) {
      int first = r == 0 ? 0 : ends[r - 1];
      w[r] = workers[first];
      t[r] = appTypes[first];
      a[r] = approaches[first];
    }
    return new ResponseBatch(requestIds, elapsedMillis, Arrays.copyOf(ends, runs), w, t, a);
  }

  public int size() {
    return requestIds.length;
  }

  public int runs() {
    return runEnds.length;
  }

  /** The first entry of run {@code r}. */
  public int runStart(int r) {
    return r == 0 ? 0 : runEnds[r - 1];
  }

  /** The run entry {@code i} belongs to. */
  public int runOf(int i) {
    if (i < 0 || i >= requestIds.length) throw new IndexOutOfBoundsException(i);
    int at = Arrays.binarySearch(runEnds, i);
    return at >= 0 ? at + 1 : -at - 1; // an entry equal to a run's end is the next run's first
  }

  public String worker(int i) {
    return workers[runOf(i)];
  }

  public String appType(int i) {
    return appTypes[runOf(i)];
  }

  public String approach(int i) {
    return approaches[runOf(i)];
  }

  public Response response(int i) {
    return response(i, runOf(i));
  }

  /** Entry {@code i} as a Response, for a reader that walks the runs and knows {@code i} is in run {@code run}. */
  public Response response(int i, int run) {
    return new Response(requestIds[i], workers[run], appTypes[run], approaches[run], elapsedMillis[i]);
  }

  // Records compare arrays by identity; a batch is equal to another with the same contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseBatch b && Arrays.equals(requestIds, b.requestIds) && Arrays.equals(elapsedMillis, b.elapsedMillis)
        && Arrays.equals(runEnds, b.runEnds) && Arrays.equals(workers, b.workers) && Arrays.equals(appTypes, b.appTypes)
        && Arrays.equals(approaches, b.approaches);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(requestIds);
  }

  @Override
  public String toString() {
    return "ResponseBatch[" + requestIds.length + " responses in " + runEnds.length + " runs " + Arrays.toString(requestIds) + "]";
  }
}
