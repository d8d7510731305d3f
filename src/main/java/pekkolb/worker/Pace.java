package pekkolb.worker;

import pekkolb.LbSettings;
import pekkolb.protocol.AppType;

/**
 * How many real nanoseconds a job takes on one worker. The core worker runs jobs at its configured
 * speed; the simulator supplies paces of its own (slow-down windows) without the worker knowing.
 * It is asked with the job's fields, not a Job: a worker holds a batch's jobs in the batch's arrays.
 */
@FunctionalInterface
public interface Pace {
  /** @param sizeMillis the job's size, or -1: as long as its app type takes */
  long nanos(AppType appType, long sizeMillis);

  /**
   * Asked as a job ends: why it failed through this worker's own fault, or null when it ran. The
   * core worker never fails a job it could run; the simulator's flaky workers do.
   */
  default String fault(long jobId) {
    return null;
  }

  /**
   * Whether {@link #fault} may name one: if not, a run of jobs ends without asking it per job. True
   * unless a pace says otherwise, so that one which only overrides {@link #fault} is asked.
   */
  default boolean mayFault() {
    return true;
  }

  /** A job's size (or its app type's duration) divided by {@code speed}, times the time scale. */
  static Pace nominal(LbSettings settings, double speed) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, got " + speed);
    return new Pace() {
      @Override
      public long nanos(AppType appType, long sizeMillis) {
        return (long) (nominalNanos(settings, appType, sizeMillis) / speed * settings.timeScale());
      }

      @Override
      public boolean mayFault() {
        return false;
      }
    };
  }

  /** The job's size, or its app type's configured duration, in unscaled nanoseconds. */
  static double nominalNanos(LbSettings settings, AppType appType, long sizeMillis) {
    return sizeMillis >= 0 ? sizeMillis * 1_000_000.0 : settings.jobDuration(appType).toNanos();
  }
}
