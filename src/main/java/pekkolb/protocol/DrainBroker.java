package pekkolb.protocol;

import java.time.Duration;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Graceful stop of one broker (local, from its node's shutdown): it leaves the listing, hands back
 * new requests, finishes what it holds for up to {@code within}, then hands back the rest.
 */
public record DrainBroker(Duration within, ActorRef<BrokerDrained> replyTo) implements BrokerMessage {}
