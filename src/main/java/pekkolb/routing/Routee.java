package pekkolb.routing;

import java.util.function.LongSupplier;

/**
 * A worker's load as its owner counts it: the one {@link WorkerLoad} the broker keeps per worker,
 * also what benchmarks and tests hand to strategies. Owned by one actor: not thread-safe.
 *
 * <p>With reported load on, {@link #load()} is this broker's own jobs in flight there plus the other
 * brokers' jobs as of the worker's last report (its load minus this broker's own jobs at that
 * moment), the latter fading with the report's age on the scale of the worker's observed latency:
 * those jobs finish too, and a report never refreshed (this broker sends the worker nothing because
 * it looked busy) must not keep the worker out of its choices for good. Never below own in flight.
 */
public class Routee implements WorkerLoad {
  private final String name;
  private final int weight;
  private final PeakEwma latency;
  private final LongSupplier clock; // null: own counts only
  private int inFlight;
  private int others; // other brokers' jobs at the last report
  private long reportedAt;

  /** Own counts only: {@link #load()} is {@link #inFlight()}. */
  public Routee(String name, int weight, PeakEwma latency) {
    this(name, weight, latency, null);
  }

  /** @param clock for the age of reports (System::nanoTime); null = ignore reports (lb.routing.reported-load off) */
  public Routee(String name, int weight, PeakEwma latency, LongSupplier clock) {
    this.name = name;
    this.weight = weight;
    this.latency = latency;
    this.clock = clock;
  }

  /** A job went to this worker. */
  public void started() {
    inFlight++;
  }

  /** The worker said it holds {@code load} jobs from every broker (in an answer or its hello). */
  public void reported(int load) {
    if (clock == null) return;
    others = Math.max(0, load - inFlight);
    reportedAt = clock.getAsLong();
  }

  @Override
  public int load() {
    if (others == 0) return inFlight;
    long now = clock.getAsLong();
    double tau = latency.estimate(now);
    double left = tau > 0 ? others * Math.exp(-(now - reportedAt) / tau) : others;
    return inFlight + (int) Math.round(left);
  }

  /** When the worker last reported its load (nanoTime); 0 if never, or if reports are ignored. */
  public long reportedAtNanos() {
    return reportedAt;
  }

  /** A job left this worker: done, taken back or failed. */
  public void ended() {
    inFlight--;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public int weight() {
    return weight;
  }

  @Override
  public PeakEwma latency() {
    return latency;
  }
}
