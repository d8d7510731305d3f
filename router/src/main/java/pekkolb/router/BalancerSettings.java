package pekkolb.router;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How a balancer treats its requests, whatever the policy: limits, waiting, deadlines, retries,
 * hedging, ejection and reported load. Immutable; each {@code with...} returns a copy. The
 * {@link LoadBalancer} builder sets these for you; a {@link BalancerCore} of your own takes them
 * directly.
 */
public final class BalancerSettings implements Cloneable {
  private int maxInFlightPerRoutee;
  private int maxHeld = Integer.MAX_VALUE;
  private int waitCapacity = 1000;
  private int waitCapacityWithoutRoutees = 1000;
  private Duration maxWait = Duration.ofSeconds(10);
  private Duration deadline = Duration.ZERO;
  private double deadlineFactor = 3;
  private Retries retries;
  private Hedging hedging;
  private OutlierEjection ejection;
  private FreeSlotQueue freeSlotQueue = FreeSlotQueue.inArrivalOrder();
  private boolean reportedLoad;
  private boolean readyWhenTold;
  private int subset;
  private Duration latencyDecay = Duration.ofSeconds(10);
  private Long seed;

  private BalancerSettings() {}

  /** A copy with {@code change} applied: every field is an immutable value, so a shallow copy is a full one. */
  private BalancerSettings with(Consumer<BalancerSettings> change) {
    try {
      BalancerSettings c = (BalancerSettings) clone();
      change.accept(c);
      return c;
    } catch (CloneNotSupportedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * No limit per routee; up to 1,000 requests wait at most 10 s for room or a routee; no deadline,
   * no retries, no hedging, no ejection; reports ignored; routees take requests as soon as found.
   */
  public static BalancerSettings defaults() {
    return new BalancerSettings();
  }

  /** At most {@code limit} requests in flight at each routee from this balancer (0: no limit); the rest wait. */
  public BalancerSettings withMaxInFlightPerRoutee(int limit) {
    if (limit < 0) throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    return with(c -> c.maxInFlightPerRoutee = limit);
  }

  /**
   * Requests that find no routee with room wait, at most {@code capacity} of them (more fail at once)
   * and for at most {@code maxWait} each; with a capacity of 0 they fail at once.
   */
  public BalancerSettings withWaitQueue(int capacity, Duration maxWait) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    if (maxWait.isNegative() || maxWait.isZero()) throw new IllegalArgumentException("maxWait must be > 0, got " + maxWait);
    return with(c -> {
      c.waitCapacity = capacity;
      c.waitCapacityWithoutRoutees = capacity;
      c.maxWait = maxWait;
    });
  }

  /** While no routee is known, at most {@code capacity} requests wait (over {@link #withWaitQueue}'s capacity). */
  public BalancerSettings withWaitQueueWithoutRoutees(int capacity) {
    if (capacity < 0) throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
    return with(c -> c.waitCapacityWithoutRoutees = capacity);
  }

  /** At most {@code max} requests held, in flight and waiting together; more fail at once as overloaded. */
  public BalancerSettings withMaxHeld(int max) {
    if (max < 1) throw new IllegalArgumentException("max must be >= 1, got " + max);
    return with(c -> c.maxHeld = max);
  }

  /**
   * A backstop per request: a request unanswered {@code factor} x its expected time at its routee
   * (its expected work, queued work ahead of it in the routee's slots, or the routee's recent latency if
   * longer) plus {@code margin} after it went out is taken back: sent elsewhere if idempotent and the
   * budget allows, else failed. A slow routee is not a dead one: keep it well above what a routee takes.
   * Zero margin: no deadline.
   */
  public BalancerSettings withDeadline(Duration margin, double factor) {
    if (margin.isNegative()) throw new IllegalArgumentException("margin must be >= 0, got " + margin);
    if (!(factor >= 0)) throw new IllegalArgumentException("factor must be >= 0, got " + factor);
    return with(c -> {
      c.deadline = margin;
      c.deadlineFactor = factor;
    });
  }

  /** Declares the requests idempotent and sends them again on these terms ({@link Retries}). */
  public BalancerSettings withRetries(Retries retries) {
    return with(c -> c.retries = retries);
  }

  /** Hedges requests of hedged lanes (needs {@link #withRetries}: hedged requests must be idempotent). */
  public BalancerSettings withHedging(Hedging hedging) {
    return with(c -> c.hedging = hedging);
  }

  /** Ejects outliers for a while ({@link OutlierEjection}); null: never. */
  public BalancerSettings withOutlierEjection(OutlierEjection ejection) {
    return with(c -> c.ejection = ejection);
  }

  /** How lanes that wait for a free slot hand their requests out. */
  public BalancerSettings withFreeSlotQueue(FreeSlotQueue queue) {
    return with(c -> c.freeSlotQueue = queue);
  }

  /** Whether the load routees report counts ({@link RouteeLoad#load()}): several balancers then see each other's requests. */
  public BalancerSettings withReportedLoad(boolean on) {
    return with(c -> c.reportedLoad = on);
  }

  /** Whether a routee takes requests only once told what it is ({@link BalancerCore#capacity}), not as soon as found. */
  public BalancerSettings withReadyWhenTold(boolean on) {
    return with(c -> c.readyWhenTold = on);
  }

  /**
   * Routes to about {@code size} of the routees, not to all (0, the default: to all): a share worked
   * out alike by every balancer over the same routees, from the balancers listed with
   * {@link BalancerCore#peers}, so that each routee is shared by about {@code size x balancers /
   * routees} of them and never more than twice that. A balancer's state and a routee's fan-in stay
   * bounded as both grow; a routee that joins or leaves moves only the balancers it is shared by.
   */
  public BalancerSettings withSubset(int size) {
    if (size < 0) throw new IllegalArgumentException("size must be >= 0, got " + size);
    return with(c -> c.subset = size);
  }

  /** How fast old latencies fade in the routees' peak EWMA (peak EWMA, Prequal, the deadline). */
  public BalancerSettings withLatencyDecay(Duration decay) {
    if (decay.isNegative() || decay.isZero()) throw new IllegalArgumentException("decay must be > 0, got " + decay);
    return with(c -> c.latencyDecay = decay);
  }

  /** Seeds the random picks (random, power of two, peak EWMA, Prequal, slow start), so a run can be replayed. */
  public BalancerSettings withSeed(long seed) {
    return with(c -> c.seed = seed);
  }

  /** The most requests in flight at one routee from this balancer; 0 = no limit. */
  public int maxInFlightPerRoutee() {
    return maxInFlightPerRoutee;
  }

  /** The most requests held, in flight and waiting together. */
  public int maxHeld() {
    return maxHeld;
  }

  /** The most requests that wait for room at a routee. */
  public int waitCapacity() {
    return waitCapacity;
  }

  /** The most requests that wait while no routee is known. */
  public int waitCapacityWithoutRoutees() {
    return waitCapacityWithoutRoutees;
  }

  /** The longest a request waits for room or a routee. */
  public Duration maxWait() {
    return maxWait;
  }

  /** The deadline's margin; zero = no deadline. */
  public Duration deadline() {
    return deadline;
  }

  /** How many times a request's expected time at its routee the deadline allows, besides its margin. */
  public double deadlineFactor() {
    return deadlineFactor;
  }

  /** Empty: the requests are not idempotent and are never sent twice. */
  public Optional<Retries> retries() {
    return Optional.ofNullable(retries);
  }

  /** Empty: nothing is hedged. */
  public Optional<Hedging> hedging() {
    return Optional.ofNullable(hedging);
  }

  /** Empty: no routee is ejected. */
  public Optional<OutlierEjection> outlierEjection() {
    return Optional.ofNullable(ejection);
  }

  /** The order in which lanes that wait for a free slot hand out their requests. */
  public FreeSlotQueue freeSlotQueue() {
    return freeSlotQueue;
  }

  /** Whether the load routees report counts. */
  public boolean reportedLoad() {
    return reportedLoad;
  }

  /** Whether a routee takes requests only once it said what it is. */
  public boolean readyWhenTold() {
    return readyWhenTold;
  }

  /** About how many routees the balancer routes to; 0 = all of them. */
  public int subset() {
    return subset;
  }

  /** How fast old latencies fade in the routees' peak EWMA. */
  public Duration latencyDecay() {
    return latencyDecay;
  }

  /** The seed of the random picks; empty: one from the clock. */
  public Optional<Long> seed() {
    return Optional.ofNullable(seed);
  }

  /** Checks what only makes sense together; called when a balancer is made. */
  void check() {
    if (hedging != null && retries == null) {
      throw new IllegalArgumentException("hedging sends a request twice: declare the requests idempotent with retries first");
    }
  }
}
