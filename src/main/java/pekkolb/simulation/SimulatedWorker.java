package pekkolb.simulation;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.worker.Pace;

/**
 * How one simulated worker differs from a plain one: its slots, its speed, its slow-down windows
 * and its failure windows (where it fails a share of its jobs through its own fault).
 */
public record SimulatedWorker(int slots, double speed, List<Slowdown> slowdowns, List<Failures> failures) {
  public SimulatedWorker {
    if (slots < 0) throw new IllegalArgumentException("slots must be >= 0");
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0");
    slowdowns = List.copyOf(slowdowns);
    failures = List.copyOf(failures);
  }

  /** A worker that never fails a job. */
  public SimulatedWorker(int slots, double speed, List<Slowdown> slowdowns) {
    this(slots, speed, slowdowns, List.of());
  }

  public static SimulatedWorker plain(int slots) {
    return new SimulatedWorker(slots, 1.0, List.of());
  }

  /** The same worker, healthy: no slow-downs, no failures (a scenario's baseline run). */
  public SimulatedWorker healthy() {
    return new SimulatedWorker(slots, speed, List.of(), List.of());
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

  /** From {@code from} to {@code to} after the worker started, a job ending then fails with probability {@code rate}. */
  public record Failures(Duration from, Duration to, double rate) {
    public Failures {
      if (!(rate >= 0 && rate <= 1)) throw new IllegalArgumentException("failure rate must be 0 .. 1, got " + rate);
    }
  }

  /** The pace of a worker spawned now: its windows count from this moment. */
  public Pace pace(LbSettings settings) {
    if (slowdowns.isEmpty() && failures.isEmpty()) return Pace.nominal(settings, speed);
    return new Scripted(settings, System.nanoTime(), new SplittableRandom(settings.routingSeed().orElse(0) + 7919));
  }

  /** Slow-downs and failures by the (unscaled) time since the worker started. */
  private final class Scripted implements Pace {
    private final LbSettings settings;
    private final long startNanos;
    private final SplittableRandom random;

    Scripted(LbSettings settings, long startNanos, SplittableRandom random) {
      this.settings = settings;
      this.startNanos = startNanos;
      this.random = random;
    }

    private long sinceStart() {
      return (long) ((System.nanoTime() - startNanos) / settings.timeScale());
    }

    @Override
    public long nanos(AppType appType, long sizeMillis) {
      double nanos = Pace.nominalNanos(settings, appType, sizeMillis) / speed;
      long since = sinceStart();
      for (Slowdown s : slowdowns) {
        if (since >= s.from().toNanos() && since < s.to().toNanos()) {
          nanos = s.fixedLatency() != null ? s.fixedLatency().toNanos() : nanos * s.factor();
        }
      }
      return (long) (nanos * settings.timeScale());
    }

    @Override
    public boolean mayFault() {
      return !failures.isEmpty();
    }

    @Override
    public String fault(long jobId) {
      long since = sinceStart();
      for (Failures f : failures) {
        if (since >= f.from().toNanos() && since < f.to().toNanos() && random.nextDouble() < f.rate()) {
          return "the worker failed the job (simulated fault)";
        }
      }
      return null;
    }
  }
}
