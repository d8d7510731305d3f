package pekkolb.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * Several served requests of one client in one message: entry {@code i} means what a
 * {@link Response} with the same fields means. A broker sends these only to a client that
 * submitted a {@link SubmitBatch}; each request is still answered exactly once.
 */
public record ResponseBatch(long[] requestIds, String[] workers, String[] appTypes, String[] approaches,
    long[] elapsedMillis) implements ToClient {

  public ResponseBatch {
    Objects.requireNonNull(requestIds, "requestIds");
    if (workers == null || appTypes == null || approaches == null || elapsedMillis == null
        || workers.length != requestIds.length || appTypes.length != requestIds.length
        || approaches.length != requestIds.length || elapsedMillis.length != requestIds.length) {
      throw new IllegalArgumentException("a batch of responses needs as many workers, app types, approaches and times"
          + " as request ids (" + requestIds.length + ")");
    }
  }

  public int size() {
    return requestIds.length;
  }

  public Response response(int i) {
    return new Response(requestIds[i], workers[i], appTypes[i], approaches[i], elapsedMillis[i]);
  }

  // Records compare arrays by identity; a batch is equal to another with the same contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof ResponseBatch b && Arrays.equals(requestIds, b.requestIds) && Arrays.equals(workers, b.workers)
        && Arrays.equals(appTypes, b.appTypes) && Arrays.equals(approaches, b.approaches)
        && Arrays.equals(elapsedMillis, b.elapsedMillis);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(requestIds);
  }

  @Override
  public String toString() {
    return "ResponseBatch[" + requestIds.length + " responses " + Arrays.toString(requestIds) + "]";
  }
}
