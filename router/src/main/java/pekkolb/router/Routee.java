package pekkolb.router;

import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A balancer's record of one routee: whether it takes requests, what it said of itself, and its load
 * as the balancer counts it. Its counts change only through the {@link BalancerCore} that owns it, on
 * that balancer's actor; readers elsewhere (a metrics scrape) see them a little late, never torn.
 *
 * <p>With reported load, {@link #load()} is this balancer's own requests in flight there plus the other
 * balancers' as of the routee's last report (its load minus this balancer's own at that moment).
 * Reports come whenever the load changes, so an old report is still a true one; the other balancers'
 * part fades only over {@value #FADE_LATENCIES} observed latencies, so that a routee which stopped
 * reporting (it restarted) is not kept out of the picks for good.
 *
 * <p>{@link #workLeftNanos} is this balancer's expected work there (each request's expected time at the
 * routee's speed), drained since the last change at one unit per running request (at most
 * {@link #slots()} run at once): constant time per request. A request that ends early takes its unrun
 * rest along. Requests that overran (a stalled machine) would drain it to nothing, so those beyond the
 * slots, which cannot have started, always count at the mean expected time of those held.
 */
public final class Routee implements RouteeLoad {
  /** An unchanged report fades over this many latencies: one was too few and brought herding back. */
  static final int FADE_LATENCIES = 10;

  private final ActorRef<?> ref;
  private final String name;
  private final PeakEwma latency;
  private final LongSupplier clock; // null: reports do not count
  RouteeState state = RouteeState.ROUTABLE;
  /** Whether it may take requests before it said what it is ({@link BalancerCore#capacity}). */
  boolean ready;
  /** Its number in the request table while requests there name it; see {@link Routees}. */
  int number;
  /** Whether it is in {@link Routees#open()} now. */
  boolean listedOpen;
  /** When the balancer last asked it for a report (a probe); 0 = never. */
  long probedAt;
  /** Outlier ejection's record of it; null while ejection is off or before its first reply. */
  Ejection.Record ejection;
  private int limit; // requests this balancer may have unanswered there; 0 = no limit
  private int slots;
  private double speed = 1.0;
  private int inFlight;
  private int others; // other balancers' requests at the last report
  private long reportedAt;
  private double work; // expected nanoseconds left at workAt
  private double heldExpected; // expected nanoseconds of all requests held, run or not
  private long workAt;
  private long completed;
  private Object attachment;
  private Usage usage;
  private long usageAt;

  /** @param clock what the age of a report is read on; null if reports do not count */
  Routee(ActorRef<?> ref, long latencyDecayNanos, LongSupplier clock, long nowNanos) {
    this.ref = ref;
    this.name = ref.path().name();
    this.latency = new PeakEwma(latencyDecayNanos, nowNanos);
    this.clock = clock;
  }

  @Override
  public ActorRef<?> ref() {
    return ref;
  }

  @Override
  public String name() {
    return name;
  }

  /** Whether it takes new requests. */
  public RouteeState state() {
    return state;
  }

  /** Requests it answered for this balancer (replies that ended a request, failures included). */
  public long completed() {
    return completed;
  }

  /** Whether it takes requests once routable: found, and (if the balancer waits for that) it said what it is. */
  public boolean ready() {
    return ready;
  }

  /** How fast it said it is: 1.0 is nominal, 2.0 runs a request's expected work in half the time. */
  public double speed() {
    return speed;
  }

  /** The most requests this balancer may have unanswered there (0 = no limit). */
  public int limit() {
    return limit;
  }

  /** What the balancer's owner keeps with this routee (a send buffer, metrics handles); null until {@link #attach}. */
  public Object attachment() {
    return attachment;
  }

  /** Keeps {@code attachment} with this routee, for the balancer's owner. */
  public void attach(Object attachment) {
    this.attachment = attachment;
  }

  /** Whether it may take a new request: routable, ready, and this balancer's requests there below its limit. */
  boolean hasRoom() {
    return state == RouteeState.ROUTABLE && ready && (limit == 0 || inFlight < limit);
  }

  void capacity(int slots, double speed, int limit) {
    if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0, got " + speed);
    if (slots < 0 || limit < 0) throw new IllegalArgumentException("slots and limit must be >= 0, got " + slots + ", " + limit);
    this.slots = slots;
    this.speed = speed;
    this.limit = limit;
    this.ready = true;
  }

  /** Caps this balancer's requests there (a balancer-wide limit), unless the routee said a lower one. */
  void capLimit(int max) {
    if (max > 0 && (limit == 0 || limit > max)) limit = max;
  }

  /** A request expected to take {@code expectedNanos} here went to it at {@code nowNanos}. */
  void started(double expectedNanos, long nowNanos) {
    work = workLeftNanos(nowNanos) + expectedNanos;
    workAt = nowNanos;
    heldExpected += expectedNanos;
    inFlight++;
  }

  /** A request started at {@code startedNanos}, expected to take {@code expectedNanos} here, left it. */
  void ended(double expectedNanos, long startedNanos, long nowNanos) {
    double left = workLeftNanos(nowNanos);
    double unrun = Math.max(0, expectedNanos - (nowNanos - startedNanos));
    inFlight--;
    heldExpected = inFlight == 0 ? 0 : heldExpected - expectedNanos;
    work = inFlight == 0 ? 0 : Math.max(0, left - unrun);
    workAt = nowNanos;
  }

  /** It replied to a request sent {@code latencyNanos} ago. */
  void replied(long latencyNanos, long nowNanos) {
    latency.observe(latencyNanos, nowNanos);
    completed++;
  }

  @Override
  public double workLeftNanos(long nowNanos) {
    int running = slots == 0 ? inFlight : Math.min(inFlight, slots);
    double waiting = inFlight > running ? (inFlight - running) * heldExpected / inFlight : 0;
    return Math.max(waiting, work - running * (double) Math.max(0, nowNanos - workAt));
  }

  /** It said it holds {@code load} requests from every balancer (ignored unless reports count). */
  void reported(int load, long nowNanos) {
    if (clock == null) return;
    others = Math.max(0, load - inFlight);
    reportedAt = nowNanos;
  }

  /** When it last reported its load (nanoTime); 0 if never, or if reports do not count. */
  long reportedAtNanos() {
    return reportedAt;
  }

  /** It reported {@code usage} of its recent work. */
  void usage(Usage usage, long nowNanos) {
    this.usage = usage;
    this.usageAt = nowNanos;
  }

  @Override
  public Usage usage() {
    return usage;
  }

  @Override
  public long usageAtNanos() {
    return usageAt;
  }

  @Override
  public int load() {
    if (others == 0) return inFlight;
    long now = clock.getAsLong();
    double tau = FADE_LATENCIES * latency.estimate(now);
    double left = tau > 0 ? others * Math.exp(-(now - reportedAt) / tau) : others;
    return inFlight + (int) Math.round(left);
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public int slots() {
    return slots;
  }

  @Override
  public double latencyNanos(long nowNanos) {
    return latency.estimate(nowNanos);
  }

  @Override
  public double lastLatencyNanos() {
    return latency.lastEstimate();
  }

  @Override
  public String toString() {
    return "Routee[" + name + ", " + state.label() + ", in flight " + inFlight + "]";
  }
}
