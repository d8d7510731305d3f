package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker's answer to {@link WorkerHello}: how fast it is ({@code speed}, 1.0 = nominal), how many
 * jobs it runs at once ({@code slots}, 0 = unlimited), the most jobs this broker may have
 * unanswered at it ({@code window}), and the jobs it holds now from every broker ({@code load}).
 */
public record WorkerInfo(ActorRef<WorkerMessage> worker, String name, double speed, int slots, int window, int load)
    implements WorkerReport, CborSerializable {}
