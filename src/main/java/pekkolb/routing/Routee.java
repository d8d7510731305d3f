package pekkolb.routing;

import java.util.function.LongSupplier;

/**
 * A worker's load as its owner counts it: the one {@link WorkerLoad} the broker keeps per worker,
 * also what benchmarks and tests hand to strategies. Owned by one actor: not thread-safe.
 *
 * <p>With reported load on, {@link #load()} is this broker's own jobs in flight there plus the other
 * brokers' jobs as of the worker's last report (its load minus this broker's own jobs at that
 * moment). Workers report whenever their load changes, so an old report is still a true one; the
 * other brokers' part fades only on a scale of {@value #FADE_LATENCIES} observed latencies, so that
 * a worker that stopped reporting (it restarted) is not kept out of the choices for good. Never
 * below own in flight.
 *
 * <p>{@link #workLeftNanos} is this broker's expected work there (each job's expected time at the
 * worker's speed), drained since the last change at one unit per running job (at most
 * {@link #slots()} run at once): O(1) per job, where a per-job sum would clamp each job on its own.
 * A job that finishes early takes its unrun rest along. Jobs that overrun (a stalled machine) would
 * drain it to nothing, so the jobs beyond the slots, which cannot have started, always count at
 * the mean expected time of the jobs held.
 */
public class Routee implements WorkerLoad {
  /** An unchanged report fades on this many latencies: one was too few and brought the herding back. */
  static final int FADE_LATENCIES = 10;

  private final String name;
  private final int weight;
  private final PeakEwma latency;
  private final LongSupplier clock; // null: own counts only
  private int inFlight;
  private int others; // other brokers' jobs at the last report
  private long reportedAt;
  private int slots;
  private double work; // expected nanoseconds left at workAt
  private double heldExpected; // expected nanoseconds of all jobs held, run or not
  private long workAt;

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

  /** A job expected to take {@code expectedNanos} at this worker went to it at {@code nowNanos}. */
  public void started(double expectedNanos, long nowNanos) {
    work = workLeftNanos(nowNanos) + expectedNanos;
    workAt = nowNanos;
    heldExpected += expectedNanos;
    started();
  }

  /** A job started with {@link #started(double, long)} at {@code startedNanos} left this worker. */
  public void ended(double expectedNanos, long startedNanos, long nowNanos) {
    // What it had not yet run by the model goes with it; with nothing held, nothing is left.
    endedTogether(1, expectedNanos, Math.max(0, expectedNanos - (nowNanos - startedNanos)), nowNanos);
  }

  /**
   * {@code jobs} jobs started with {@link #started(double, long)} left this worker together at
   * {@code nowNanos}: {@code expectedNanos} is the sum of their expected times, {@code unrunNanos}
   * the sum of what each had not run by the model (expected minus time since it started, at least
   * 0). With no slot limit, the same as that many calls of {@link #ended(double, long, long)} at
   * that instant; with one, what waited beyond the slots is taken for them all at once.
   */
  public void endedTogether(int jobs, double expectedNanos, double unrunNanos, long nowNanos) {
    double left = workLeftNanos(nowNanos);
    inFlight -= jobs;
    heldExpected = inFlight == 0 ? 0 : heldExpected - expectedNanos;
    work = inFlight == 0 ? 0 : Math.max(0, left - unrunNanos);
    workAt = nowNanos;
  }

  @Override
  public double workLeftNanos(long nowNanos) {
    // Changed already at this instant and no slot limit (a run of a batch): nothing ran since, nothing waits.
    if (nowNanos == workAt && slots == 0) return work;
    int running = slots == 0 ? inFlight : Math.min(inFlight, slots);
    double waiting = inFlight > running ? (inFlight - running) * heldExpected / inFlight : 0;
    return Math.max(waiting, work - running * (double) Math.max(0, nowNanos - workAt));
  }

  /** The worker said how many jobs it runs at once (0 = no limit). */
  public void slots(int slots) {
    this.slots = slots;
  }

  @Override
  public int slots() {
    return slots;
  }

  /** The worker said it holds {@code load} jobs from every broker (in an answer or its hello). */
  public void reported(int load) {
    if (clock != null) reported(load, clock.getAsLong());
  }

  /** As {@link #reported(int)}, read at {@code nowNanos} (the caller's clock reading for a batch of answers). */
  public void reported(int load, long nowNanos) {
    if (clock == null) return;
    others = Math.max(0, load - inFlight);
    reportedAt = nowNanos;
  }

  @Override
  public int load() {
    if (others == 0) return inFlight;
    long now = clock.getAsLong();
    double tau = FADE_LATENCIES * latency.estimate(now);
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
