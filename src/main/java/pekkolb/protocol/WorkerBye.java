package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A broker forgetting a worker that is alive but out of its subset: the worker stops sending it
 * reports, as it would had the broker stopped. The reverse of {@link WorkerHello}; a later hello
 * starts them again.
 */
public record WorkerBye(ActorRef<WorkerReport> broker) implements WorkerMessage, CborSerializable {}
