package pekkolb.client;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import pekkolb.LbSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Submit;

/**
 * Asks for one job the way code outside the actor system does: with the ask pattern, of a
 * {@link BrokerPool} (which spreads over all brokers and fails over) or of one broker directly.
 */
public final class LbClient {
  private LbClient() {}

  /**
   * Added to lb.client.ask-timeout when asking a pool: the pool times a request out itself, with its
   * reason, so the ask only guards against a pool that is gone.
   */
  public static final Duration POOL_BACKSTOP = Duration.ofSeconds(5);

  /**
   * Asks a {@link BrokerPool}; its own timeouts answer first (a request may wait up to
   * lb.client.queue-timeout for room, then lb.client.ask-timeout for its answer).
   */
  public static CompletionStage<Reply> viaPool(ActorRef<BrokerMessage> pool, Scheduler scheduler, String appType,
      String approach, LbSettings settings) {
    Duration longest = settings.client().queueTimeout().plus(settings.askTimeout()).plus(POOL_BACKSTOP);
    return submit(pool, scheduler, appType, approach, longest);
  }

  /**
   * Sends one request and completes with its answer. Callbacks on the returned stage run on the
   * thread that completes it (an actor's, see {@link Inline}): keep them short, or pass an executor.
   * A broker that does not answer within
   * {@code timeout} yields a {@link Rejected} whose reason starts with "timeout", never a hang.
   */
  public static CompletionStage<Reply> submit(
      ActorRef<BrokerMessage> broker, Scheduler scheduler, String appType, String approach, Duration timeout) {
    CompletionStage<Reply> asked =
        Inline.of(AskPattern.ask(broker, replyTo -> new Submit(appType, approach, replyTo), timeout, scheduler));
    return asked.exceptionally(e -> {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof TimeoutException) {
        return new Rejected(0, "timeout: no answer within " + timeout.toMillis() + " ms");
      }
      return new Rejected(0, "failed: " + cause);
    });
  }
}
