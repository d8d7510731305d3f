package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A broker's answer to {@link Connect}: the client may have at most {@code window} requests
 * unanswered at this broker (back-pressure instead of a transport queue that drops).
 */
public record Connected(ActorRef<BrokerMessage> broker, String name, int window) implements CborSerializable {}
