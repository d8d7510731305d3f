package pekkolb.protocol;

import java.util.Arrays;
import java.util.Objects;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Several jobs from one broker to one worker in one message: what the broker dispatched to that
 * worker while it handled one run of its mailbox. Each job means what a {@link Job} with the same
 * fields means, but is answered in a {@link JobsDone} (jobs that end together are answered
 * together). Parallel arrays, so that a batch is a few objects in memory and on the wire, not
 * several per job.
 */
public record JobBatch(long[] jobIds, int[] attempts, AppType[] appTypes, long[] sizeMillis, ActorRef<JobsDone> replyTo)
    implements JobMessage, CborSerializable {

  public JobBatch {
    Objects.requireNonNull(jobIds, "jobIds");
    Batches.requireLength("a job batch needs as many attempts, app types and sizes as job ids", jobIds.length,
        attempts, appTypes, sizeMillis);
  }

  public int size() {
    return jobIds.length;
  }

  // Records compare arrays by identity; a batch is equal to another with the same contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof JobBatch b && Arrays.equals(jobIds, b.jobIds) && Arrays.equals(attempts, b.attempts)
        && Arrays.equals(appTypes, b.appTypes) && Arrays.equals(sizeMillis, b.sizeMillis) && Objects.equals(replyTo, b.replyTo);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(jobIds), Arrays.hashCode(attempts), replyTo);
  }

  @Override
  public String toString() {
    return "JobBatch[" + jobIds.length + " jobs " + Arrays.toString(jobIds) + ", attempts " + Arrays.toString(attempts)
        + ", types " + Arrays.toString(appTypes) + ", sizes " + Arrays.toString(sizeMillis) + ", replyTo " + replyTo + "]";
  }
}
