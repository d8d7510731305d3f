package pekkolb.protocol;

import org.apache.pekko.actor.typed.ActorRef;

/**
 * One job a broker hands a worker, answered by a {@link JobDone}. {@code sizeMillis} < 0 means "as
 * long as the app type takes"; {@code attempt} lets the broker tell a late answer from a re-dispatched
 * job's answer.
 */
public record Job(long jobId, int attempt, AppType appType, long sizeMillis, ActorRef<JobDone> replyTo)
    implements JobMessage, CborSerializable {}
