package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A client's request to a broker, answered by exactly one {@link Reply}. {@code appType} and
 * {@code approach} are the wire names ("Long", "least_connections"); a null or empty approach means
 * the configured default. {@code sizeMillis} < 0 means the app type's configured duration.
 * {@code requestId} is echoed in the reply.
 */
public record Submit(long requestId, String appType, String approach, long sizeMillis, ActorRef<Reply> replyTo)
    implements BrokerMessage, CborSerializable {
  public Submit(String appType, String approach, ActorRef<Reply> replyTo) {
    this(0, appType, approach, -1, replyTo);
  }
}
