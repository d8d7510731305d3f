package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * A worker's word to the brokers that greeted it of its recent work, sent every
 * {@code lb.worker.usage-interval} while it works, as ORCA's out-of-band reports: the share of its
 * slots in use ({@code utilization}; for a worker without a slot limit, the mean number of jobs
 * running), and the jobs it finished and failed per second. {@code reported_weighted_round_robin}
 * weighs workers by it.
 */
public record WorkerUsage(ActorRef<WorkerMessage> worker, double utilization, double qps, double errorsPerSecond)
    implements WorkerReport, CborSerializable {}
