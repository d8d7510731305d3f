package pekkolb.protocol;

import java.util.Arrays;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Several requests from one client in one message: entry {@code i} means what a {@link Submit} with
 * the same fields means. The broker answers them in {@link ResponseBatch}es (answers that are ready
 * together travel together) and a rejection or hand-back alone, as a {@link Reply}. Each message
 * costs a delivery at both ends (and on the wire a frame), so a client with many requests in flight
 * sends them in few messages. Parallel arrays: a batch is a few objects, not several per request.
 */
public record SubmitBatch(long[] requestIds, String[] appTypes, String[] approaches, long[] sizeMillis,
    ActorRef<ToClient> replyTo) implements BrokerMessage, CborSerializable {

  /** Most entries in one batch of any kind (requests, jobs, answers): keeps a batch well inside Artery's frame (256 KiB by default). */
  public static final int MAX_SIZE = 256;

  public SubmitBatch {
    Objects.requireNonNull(requestIds, "requestIds");
    Batches.requireLength("a batch of requests needs as many app types, approaches and sizes as request ids", requestIds.length,
        appTypes, approaches, sizeMillis);
  }

  public int size() {
    return requestIds.length;
  }

  // Records compare arrays by identity; a batch is equal to another with the same contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof SubmitBatch b && Arrays.equals(requestIds, b.requestIds) && Arrays.equals(appTypes, b.appTypes)
        && Arrays.equals(approaches, b.approaches) && Arrays.equals(sizeMillis, b.sizeMillis)
        && Objects.equals(replyTo, b.replyTo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(requestIds), replyTo);
  }

  @Override
  public String toString() {
    return "SubmitBatch[" + requestIds.length + " requests " + Arrays.toString(requestIds) + ", replyTo " + replyTo + "]";
  }
}
