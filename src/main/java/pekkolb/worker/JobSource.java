package pekkolb.worker;

import pekkolb.protocol.AppType;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.WorkerMessage;

/**
 * Reads a job where it came: entry {@code i} of a {@link JobBatch}, or a lone {@link Job} (entry 0).
 * A worker holds its jobs as (message, entry) and reads their fields in place, so the jobs of a
 * batch cost no object each while they run (a million of them would be a million objects to GC).
 */
final class JobSource {
  private JobSource() {}

  static long jobId(WorkerMessage source, int i) {
    return source instanceof JobBatch b ? b.jobIds()[i] : ((Job) source).jobId();
  }

  static int attempt(WorkerMessage source, int i) {
    return source instanceof JobBatch b ? b.attempts()[i] : ((Job) source).attempt();
  }

  static AppType appType(WorkerMessage source, int i) {
    return source instanceof JobBatch b ? b.appTypes()[i] : ((Job) source).appType();
  }

  static long sizeMillis(WorkerMessage source, int i) {
    return source instanceof JobBatch b ? b.sizeMillis()[i] : ((Job) source).sizeMillis();
  }
}
