package pekkolb.worker;

import pekkolb.LbSettings;
import pekkolb.protocol.Job;

/**
 * How many real nanoseconds a job takes on one worker. The core worker runs jobs at its configured
 * speed; the simulator supplies paces of its own (slow-down windows) without the worker knowing.
 */
@FunctionalInterface
public interface Pace {
  long nanos(Job job);

  /**
   * Asked as a job ends: why it failed through this worker's own fault, or null when it ran. The
   * core worker never fails a job it could run; the simulator's flaky workers do.
   */
  default String fault(Job job) {
    return null;
  }

  /** A job's size (or its app type's duration) divided by {@code speed}, times the time scale. */
  static Pace nominal(LbSettings settings, double speed) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, got " + speed);
    return job -> (long) (nominalNanos(settings, job) / speed * settings.timeScale());
  }

  /** The job's size, or its app type's configured duration, in unscaled nanoseconds. */
  static double nominalNanos(LbSettings settings, Job job) {
    return job.sizeMillis() >= 0 ? job.sizeMillis() * 1_000_000.0 : settings.jobDuration(job.appType()).toNanos();
  }
}
