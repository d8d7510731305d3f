package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A client (or gateway) introducing itself to a broker before it submits anything; the broker
 * answers with the window it grants that client.
 */
public record Connect(ActorRef<Connected> replyTo) implements BrokerMessage, CborSerializable {}
