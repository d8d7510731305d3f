package pekkolb.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * A worker's answer to several dispatches at once (jobs that came in {@link JobBatch}es and ended
 * together): entry {@code i} means what a {@link JobDone} with {@code jobIds[i]}, {@code attempts[i]}
 * and {@code failures[i]} means. {@code load} is sent once: the jobs the worker holds, from every
 * broker, once all of these are off it. {@code failures} is null when every job ran.
 */
public record JobsDone(String worker, int load, long[] jobIds, int[] attempts, String[] failures)
    implements BrokerMessage, CborSerializable {

  public JobsDone {
    Objects.requireNonNull(jobIds, "jobIds");
    if (attempts == null || attempts.length != jobIds.length || (failures != null && failures.length != jobIds.length)) {
      throw new IllegalArgumentException("a batch of completions needs as many attempts (and failures, if any) as job ids ("
          + jobIds.length + ")");
    }
  }

  public int size() {
    return jobIds.length;
  }

  /** Why the worker would not run job {@code i}; null if it ran. */
  public String failure(int i) {
    return failures == null ? null : failures[i];
  }

  // Records compare arrays by identity; a batch is equal to another with the same contents.
  @Override
  public boolean equals(Object o) {
    return o instanceof JobsDone d && load == d.load && Objects.equals(worker, d.worker) && Arrays.equals(jobIds, d.jobIds)
        && Arrays.equals(attempts, d.attempts) && Arrays.equals(failures, d.failures);
  }

  @Override
  public int hashCode() {
    return Objects.hash(worker, load, Arrays.hashCode(jobIds), Arrays.hashCode(attempts));
  }

  @Override
  public String toString() {
    return "JobsDone[" + worker + ", load " + load + ", jobs " + Arrays.toString(jobIds) + ", attempts "
        + Arrays.toString(attempts) + (failures == null ? "" : ", failures " + Arrays.toString(failures)) + "]";
  }
}
