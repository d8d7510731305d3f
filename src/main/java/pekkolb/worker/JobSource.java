package pekkolb.worker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobMessage;

/**
 * Reads the jobs of a message where they came: entry {@code i} of a {@link JobBatch}, or a lone
 * {@link Job}, a batch of one (entry 0). The worker takes both the same way and makes no object per
 * job; a lone Job only differs in its answer, a {@link pekkolb.protocol.JobDone} of its own.
 */
final class JobSource {
  private JobSource() {}

  static int size(JobMessage jobs) {
    return jobs instanceof JobBatch b ? b.size() : 1;
  }

  /** Whether the message is a lone Job. */
  static boolean alone(JobMessage jobs) {
    return jobs instanceof Job;
  }

  /** Who hears of the message's jobs: the broker that sent them. */
  static ActorRef<BrokerMessage> replyTo(JobMessage jobs) {
    return jobs instanceof JobBatch b ? b.replyTo().unsafeUpcast() : ((Job) jobs).replyTo().unsafeUpcast();
  }

  static AppType appType(JobMessage jobs, int i) {
    return jobs instanceof JobBatch b ? b.appTypes()[i] : ((Job) jobs).appType();
  }

  static long sizeMillis(JobMessage jobs, int i) {
    return jobs instanceof JobBatch b ? b.sizeMillis()[i] : ((Job) jobs).sizeMillis();
  }

  /** Copies the ids and attempts of entries {@code from .. from + n - 1} into {@code ids} and {@code attempts} from {@code at}. */
  static void copy(JobMessage jobs, int from, int n, long[] ids, int[] attempts, int at) {
    if (jobs instanceof JobBatch b) {
      System.arraycopy(b.jobIds(), from, ids, at, n);
      System.arraycopy(b.attempts(), from, attempts, at, n);
    } else {
      ids[at] = ((Job) jobs).jobId();
      attempts[at] = ((Job) jobs).attempt();
    }
  }

  /** The end of the run of entries from {@code from} that ask for the same app type and size: they take one path together. */
  static int alikeEnd(JobMessage jobs, int from) {
    if (!(jobs instanceof JobBatch b)) return from + 1;
    AppType type = b.appTypes()[from];
    long size = b.sizeMillis()[from];
    int end = from + 1;
    while (end < b.size() && b.appTypes()[end] == type && b.sizeMillis()[end] == size) end++;
    return end;
  }
}
