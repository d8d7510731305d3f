package pekkolb.client;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.batching.Batcher;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;

/**
 * The requests a {@link BrokerPool} has for one broker and has not sent yet: they go as one
 * {@link SubmitBatch}, each under its wire id and answered to the pool. A request alone goes as a
 * batch of one, so the broker takes every request of the pool one way and answers them one way.
 */
final class SubmitBuffer extends Batcher.Buffer {
  final ActorRef<BrokerMessage> broker;
  private final ActorRef<ToClient> replyTo;
  // Batcher.LIMIT entries at most, which is what a SubmitBatch may carry (SubmitBatch.MAX_SIZE).
  private final long[] wireIds = new long[Batcher.LIMIT];
  private final String[] appTypes = new String[Batcher.LIMIT];
  private final String[] approaches = new String[Batcher.LIMIT];
  private final long[] sizeMillis = new long[Batcher.LIMIT];

  SubmitBuffer(ActorRef<BrokerMessage> broker, ActorRef<ToClient> replyTo) {
    this.broker = broker;
    this.replyTo = replyTo;
  }

  /** The caller's {@code request}, sent under {@code wireId}; the owner then tells its Batcher. */
  void add(long wireId, Submit request) {
    wireIds[size] = wireId;
    appTypes[size] = request.appType();
    approaches[size] = request.approach();
    sizeMillis[size] = request.sizeMillis();
    size++;
  }

  /** The broker was lost before these went: its requests are sent elsewhere instead. */
  void drop() {
    size = 0;
  }

  @Override
  protected void send() {
    broker.tell(new SubmitBatch(Arrays.copyOf(wireIds, size), Arrays.copyOf(appTypes, size),
        Arrays.copyOf(approaches, size), Arrays.copyOf(sizeMillis, size), replyTo));
    size = 0;
  }
}
