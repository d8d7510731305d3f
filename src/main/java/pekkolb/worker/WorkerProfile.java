package pekkolb.worker;

import java.time.Duration;
import pekkolb.LbSettings;

/**
 * What a worker tells brokers about itself (answering a hello), and the largest job it accepts.
 *
 * @param slots jobs run at once, 0 = unlimited; more wait in arrival order
 * @param window jobs one broker may have unanswered here
 * @param usageInterval how often it tells the brokers its usage, scaled (lb.worker.usage-interval)
 */
public record WorkerProfile(int slots, double speed, int window, long maxJobSizeMillis, Duration usageInterval) {
  public WorkerProfile {
    if (slots < 0) throw new IllegalArgumentException("slots must be >= 0, got " + slots);
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, got " + speed);
    if (window < 1) throw new IllegalArgumentException("window must be >= 1, got " + window);
    if (usageInterval.isNegative() || usageInterval.isZero()) throw new IllegalArgumentException("usageInterval must be > 0, got " + usageInterval);
  }

  /** lb.worker (lb.worker.speeds by name) and lb.broker.max-job-size. */
  public static WorkerProfile of(LbSettings settings, String name) {
    return of(settings, settings.workerSlots(), settings.speedOf(name));
  }

  public static WorkerProfile of(LbSettings settings, int slots, double speed) {
    return new WorkerProfile(slots, speed, settings.dispatch().workerWindow(), settings.dispatch().maxJobSizeMillis(),
        Duration.ofNanos(Math.max(1, settings.scaledNanos(settings.dispatch().sharing().usageInterval()))));
  }
}
