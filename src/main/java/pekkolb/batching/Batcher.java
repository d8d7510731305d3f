package pekkolb.batching;

import java.util.ArrayList;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.SubmitBatch;

/**
 * Messages on their way from one actor to several receivers, sent once the actor has read what was
 * in its mailbox: what it has for one receiver by then goes as one message. Every message costs a
 * delivery at both ends (and a frame on the wire), so requests, jobs and answers that come together
 * go together, on every leg (client to broker, broker to worker and back, broker to client), and a
 * request alone goes alone: a batch of one.
 *
 * <p>The end of the mailbox's run is marked by a message the actor sends itself with the first entry
 * (so it queues behind what was already there); when it arrives, the actor calls {@link #flush}. A
 * buffer that reaches {@link #LIMIT} entries goes at once, which bounds both a message's size and how
 * long its first entry waits in a burst. Owned by one actor: not thread-safe.
 *
 * @param <T> the owner's message type
 */
public final class Batcher<T> {
  /** Entries one message carries at most: the protocol's bound for a batch, well inside Artery's frame. */
  public static final int LIMIT = SubmitBatch.MAX_SIZE;

  /** One receiver's entries not sent yet. Each leg's kind says what an entry is and which message it makes. */
  public abstract static class Buffer {
    private boolean listed;

    /** Entries buffered now, kept by the buffer as it fills and empties. */
    protected int size;

    /** Entries buffered now; a buffer that counts them its own way overrides this. */
    public int size() {
      return size;
    }

    /** Sends the entries buffered (one message, or one per entry to a receiver that takes them one at a time) and empties. */
    protected abstract void send();
  }

  private final ActorRef<T> self;
  private final T flush;
  private final ArrayList<Buffer> unsent = new ArrayList<>();
  private boolean flushSent;

  /** @param flush the message that makes the owner call {@link #flush} when it gets it */
  public Batcher(ActorRef<T> self, T flush) {
    this.self = self;
    this.flush = flush;
  }

  /** An entry went into {@code buffer}: it goes with the others at the end of the run, or now if the buffer is full. */
  public void added(Buffer buffer) {
    if (buffer.size() >= LIMIT) {
      buffer.send();
      return;
    }
    if (!buffer.listed) {
      buffer.listed = true;
      unsent.add(buffer);
    }
    if (!flushSent) {
      flushSent = true;
      self.tell(flush);
    }
  }

  /** Sends every buffer that holds entries; call it when the owner gets its flush message. */
  public void flush() {
    flushSent = false;
    for (Buffer b : unsent) {
      b.listed = false;
      if (b.size() > 0) b.send();
    }
    unsent.clear();
  }
}
