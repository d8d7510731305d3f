package pekkolb.simulation;

import java.time.Duration;
import java.util.List;
import pekkolb.LbSettings;

import pekkolb.worker.Pace;

/** How one simulated worker differs from a plain one: its slots, its speed and its slow-down windows. */
public record SimulatedWorker(int slots, double speed, List<Slowdown> slowdowns) {
  public SimulatedWorker {
    if (slots < 0) throw new IllegalArgumentException("slots must be >= 0");
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0");
    slowdowns = List.copyOf(slowdowns);
  }

  public static SimulatedWorker plain(int slots) {
    return new SimulatedWorker(slots, 1.0, List.of());
  }

  /** A scripted change of speed from {@code from} to {@code to} after the worker started. */
  public record Slowdown(Duration from, Duration to, double factor, Duration fixedLatency) {
    public static Slowdown slower(Duration from, Duration to, double factor) {
      return new Slowdown(from, to, factor, null);
    }

    public static Slowdown fixed(Duration from, Duration to, Duration latency) {
      return new Slowdown(from, to, 1.0, latency);
    }
  }

  /** The pace of a worker spawned now: its slow-down windows count from this moment. */
  public Pace pace(LbSettings settings) {
    if (slowdowns.isEmpty()) return Pace.nominal(settings, speed);
    long startNanos = System.nanoTime();
    return job -> {
      double nanos = Pace.nominalNanos(settings, job) / speed;
      long sinceStart = (long) ((System.nanoTime() - startNanos) / settings.timeScale());
      for (Slowdown s : slowdowns) {
        if (sinceStart >= s.from().toNanos() && sinceStart < s.to().toNanos()) {
          nanos = s.fixedLatency() != null ? s.fixedLatency().toNanos() : nanos * s.factor();
        }
      }
      return (long) (nanos * settings.timeScale());
    };
  }
}
