package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A broker introducing itself to a worker it has just found, before it sends it any job; the
 * worker answers with a {@link WorkerInfo}, and from then on sends {@code replyTo} its reports.
 */
public record WorkerHello(ActorRef<WorkerReport> replyTo) implements WorkerMessage, CborSerializable {}
