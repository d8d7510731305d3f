package pekkolb.broker;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.batching.Batcher;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.ToClient;

/**
 * One client's answers on their way: a client that submits batches gets those of one mailbox run as
 * one {@link ResponseBatch}, in runs of one worker, type and approach named once; a client that
 * submitted a lone Submit gets its {@link Response}. (A rejection goes at once, on its own: see {@link Broker}.)
 */
final class ClientAnswers extends Batcher.Buffer {
  private static final int KINDS_KEPT = 4; // the kinds a client's requests name lately: a batch repeats one

  private final ActorRef<Reply> replyTo;
  private final ActorRef<ToClient> batchTo; // null: the client takes one Reply at a time
  // Made with the first answer and grown as more come, up to Batcher.LIMIT: the caller of a lone Submit gets one.
  private long[] requestIds;
  private long[] elapsedMillis;
  private int[] runEnds;
  private String[] workers; // per run, as the next two
  private String[] appTypes;
  private String[] approaches;
  private Origin[] origins; // made when a second kind comes
  private Origin origin;
  private int nextOrigin;
  private int runs;
  /** Submitted something since the broker last looked: see {@link Broker}'s sweep. */
  boolean recent = true;

  /** A client that submits in batches. */
  static ClientAnswers batching(ActorRef<ToClient> to) {
    return new ClientAnswers(to.narrow(), to);
  }

  /** The caller of one lone Submit. */
  static ClientAnswers single(ActorRef<Reply> to) {
    return new ClientAnswers(to, null);
  }

  private ClientAnswers(ActorRef<Reply> replyTo, ActorRef<ToClient> batchTo) {
    this.replyTo = replyTo;
    this.batchTo = batchTo;
  }

  /** What the balancer keeps with a request of this client and kind. */
  Origin origin(Kind kind) {
    if (origin != null && origin.kind() == kind) return origin;
    if (origins != null) for (Origin o : origins) if (o != null && o.kind() == kind) return origin = o;
    if (origin != null) {
      if (origins == null) origins = new Origin[KINDS_KEPT];
      origins[nextOrigin] = origin;
      nextOrigin = (nextOrigin + 1) % KINDS_KEPT;
    }
    return origin = new Origin(this, kind);
  }

  ActorRef<Reply> replyTo() {
    return replyTo;
  }

  /** Adds the answer to request {@code requestId}, done by {@code worker} in {@code millis} (unscaled). */
  void add(long requestId, String worker, Kind kind, long millis) {
    String type = kind.type().wireName();
    String approach = kind.approach().wireName();
    if (requestIds == null || size == requestIds.length) grow();
    int r = runs - 1;
    // The same instances along a run (a worker's name, the wire names): compared by identity, at worst a run more.
    if (r < 0 || workers[r] != worker || appTypes[r] != type || approaches[r] != approach) {
      if (r >= 0) runEnds[r] = size;
      r = runs++;
      workers[r] = worker;
      appTypes[r] = type;
      approaches[r] = approach;
    }
    requestIds[size] = requestId;
    elapsedMillis[size] = millis;
    size++;
  }

  private void grow() {
    int capacity = requestIds == null ? 1 : Math.min(Batcher.LIMIT, requestIds.length * 4);
    if (requestIds == null) {
      requestIds = new long[1];
      elapsedMillis = new long[1];
      runEnds = new int[1];
      workers = new String[1];
      appTypes = new String[1];
      approaches = new String[1];
      return;
    }
    requestIds = Arrays.copyOf(requestIds, capacity);
    elapsedMillis = Arrays.copyOf(elapsedMillis, capacity);
    runEnds = Arrays.copyOf(runEnds, capacity);
    workers = Arrays.copyOf(workers, capacity);
    appTypes = Arrays.copyOf(appTypes, capacity);
    approaches = Arrays.copyOf(approaches, capacity);
  }

  @Override
  protected void send() {
    int n = size;
    runEnds[runs - 1] = n;
    if (batchTo != null) {
      batchTo.tell(new ResponseBatch(Arrays.copyOf(requestIds, n), Arrays.copyOf(elapsedMillis, n), Arrays.copyOf(runEnds, runs),
          Arrays.copyOf(workers, runs), Arrays.copyOf(appTypes, runs), Arrays.copyOf(approaches, runs)));
    } else {
      for (int r = 0, i = 0; r < runs; r++) {
        for (; i < runEnds[r]; i++) replyTo.tell(new Response(requestIds[i], workers[r], appTypes[r], approaches[r], elapsedMillis[i]));
      }
    }
    size = 0;
    runs = 0;
  }
}
