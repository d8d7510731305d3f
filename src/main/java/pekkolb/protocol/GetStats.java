package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/** Asks a broker for its accounting (for the demo's table, the simulator, tests and tools). */
public record GetStats(ActorRef<Stats> replyTo) implements BrokerMessage {}
