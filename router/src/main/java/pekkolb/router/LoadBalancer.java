package pekkolb.router;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * A load-aware router for Pekko typed: an actor that sends each request it gets to one of its
 * routees, picked by a {@link Policy} that sees every routee's load, and passes the routee's reply
 * back to whoever asked.
 *
 * <p>It puts a reply address of its own into each request, as {@code ActorContext.ask} does, and
 * counts the request as in flight at its routee until the reply comes back through it: so least
 * connections is exact, for any message type, and the routee needs no change. Every request gets at
 * most one reply; with a failure reply ({@link Builder#withFailureReply}) exactly one.
 *
 * <pre>{@code
 * Behavior<Work> balancer = LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
 *     .withPolicy(Policies.leastConnections())
 *     .build();
 * }</pre>
 */
public final class LoadBalancer {
  private LoadBalancer() {}

  /**
   * A balancer over the routees registered under {@code key} with the Receptionist, in this JVM or on
   * any node of the cluster, as they come and go.
   *
   * @param replyTo where a request's reply goes
   * @param withReplyTo the request with another reply address
   */
  public static <M, R> Builder<M, R> group(ServiceKey<M> key, Function<M, ActorRef<R>> replyTo,
      BiFunction<M, ActorRef<R>, M> withReplyTo) {
    Objects.requireNonNull(key, "key");
    return new Builder<>(new Builder.Routees<>(key, 0, null), replyTo, withReplyTo);
  }

  /**
   * A balancer over {@code size} routees it spawns itself from {@code routee}, as its children. A
   * routee that stops is not replaced; when the last one stops, the balancer stops.
   */
  public static <M, R> Builder<M, R> pool(int size, Behavior<M> routee, Function<M, ActorRef<R>> replyTo,
      BiFunction<M, ActorRef<R>, M> withReplyTo) {
    if (size < 1) throw new IllegalArgumentException("a pool needs at least one routee, got " + size);
    Objects.requireNonNull(routee, "routee");
    return new Builder<>(new Builder.Routees<>(null, size, routee), replyTo, withReplyTo);
  }

  /** Asks a balancer made here for its {@link BalancerStatus}, told to {@code replyTo}. */
  public static void getStatus(ActorRef<?> balancer, ActorRef<BalancerStatus> replyTo) {
    balancer.unsafeUpcast().tell(new BalancerActor.GetStatus(replyTo));
  }

  /**
   * How to make a balancer: immutable, each {@code with...} returns a new builder. Defaults: round
   * robin; no limit per routee; up to 1,000 requests wait at most 10 s for room or a routee; no
   * deadline, no retries, no hedging, no ejection; no failure reply.
   */
  public static final class Builder<M, R> {
    /** Where the routees come from: a Receptionist key (a group), or a behavior to spawn {@code size} of (a pool). */
    record Routees<M>(ServiceKey<M> key, int size, Behavior<M> behavior) {}

    final Routees<M> routees;
    final Function<M, ActorRef<R>> replyTo;
    final BiFunction<M, ActorRef<R>, M> withReplyTo;
    Policy policy = Policies.roundRobin();
    BalancerSettings settings = BalancerSettings.defaults();
    BiFunction<M, Failure, R> failureReply;
    Function<? super M, Duration> expectedWork;
    Function<? super R, BalancerCore.Outcome> replyOutcome;
    BalancerListener<? super M> listener = new BalancerListener<M>() {};

    private Builder(Routees<M> routees, Function<M, ActorRef<R>> replyTo, BiFunction<M, ActorRef<R>, M> withReplyTo) {
      this.routees = routees;
      this.replyTo = Objects.requireNonNull(replyTo, "replyTo");
      this.withReplyTo = Objects.requireNonNull(withReplyTo, "withReplyTo");
    }

    // Each with... changes a fresh copy, never this one: a builder can be shared and reused.
    private Builder<M, R> with(Consumer<Builder<M, R>> change) {
      Builder<M, R> c = new Builder<>(routees, replyTo, withReplyTo);
      c.policy = policy;
      c.settings = settings;
      c.failureReply = failureReply;
      c.expectedWork = expectedWork;
      c.replyOutcome = replyOutcome;
      c.listener = listener;
      change.accept(c);
      return c;
    }

    private Builder<M, R> with(BalancerSettings settings) {
      return with(c -> c.settings = settings);
    }

    /** How a routee is picked for each request ({@link Policies}); round robin by default. */
    public Builder<M, R> withPolicy(Policy policy) {
      return with(c -> c.policy = Objects.requireNonNull(policy, "policy"));
    }

    /** At most {@code limit} requests in flight at each routee from this balancer; the rest wait (see {@link #withWaitQueue}). */
    public Builder<M, R> withMaxInFlightPerRoutee(int limit) {
      return with(settings.withMaxInFlightPerRoutee(limit));
    }

    /**
     * Requests that find no routee with room, or no routee at all, wait: at most {@code capacity} of
     * them, each for at most {@code maxWait}. Beyond either they fail ({@link #withFailureReply}).
     */
    public Builder<M, R> withWaitQueue(int capacity, Duration maxWait) {
      return with(settings.withWaitQueue(capacity, maxWait));
    }

    /**
     * The reply a caller gets for a request the balancer cannot serve (its wait queue is full, no
     * routee came, no reply by the deadline, its routee was lost): {@code (request, failure) -> reply}.
     * Without one, such a request is dropped with a log line (at most one a second) and
     * {@link BalancerListener#failed}, and the caller's ask times out.
     */
    public Builder<M, R> withFailureReply(BiFunction<M, Failure, R> reply) {
      return with(c -> c.failureReply = Objects.requireNonNull(reply, "reply"));
    }

    /**
     * Each request's expected work, at a routee of nominal speed: what {@link Policies#leastWork()}
     * ranks routees by, and what deadlines and ejection measure a routee's latency against.
     */
    public Builder<M, R> withExpectedWork(Function<? super M, Duration> expectedWork) {
      return with(c -> c.expectedWork = Objects.requireNonNull(expectedWork, "expectedWork"));
    }

    /**
     * A backstop per request: one not answered within {@code backstop} plus 3x the longer of its
     * expected work ({@link #withExpectedWork}) and its routee's recent latency, after it went out, is
     * taken back: sent again (with {@link #withIdempotentRetries}) or failed.
     */
    public Builder<M, R> withDeadline(Duration backstop) {
      if (backstop.isNegative() || backstop.isZero()) throw new IllegalArgumentException("backstop must be > 0, got " + backstop);
      return with(settings.withDeadline(backstop, 3));
    }

    /**
     * Declares the requests idempotent: a request whose routee is lost, that passes its deadline, or
     * whose reply says the routee failed through its own fault ({@link #withReplyOutcome}), is sent to
     * another routee, within {@code retries}.
     */
    public Builder<M, R> withIdempotentRetries(Retries retries) {
      return with(settings.withRetries(Objects.requireNonNull(retries, "retries")));
    }

    /**
     * What each reply says of its request: served ({@link BalancerCore.Outcome#DONE}, the default for
     * every reply), failed for a reason of its own ({@code FAILED}), or failed through its routee's fault
     * ({@code ROUTEE_FAULT}: with {@link #withIdempotentRetries}, tried once more on another routee, and
     * counted against the routee by outlier ejection). Every reply still reaches the caller, but one
     * replaced by a retry. It is called where the reply arrives, on the routee's thread (or remoting's),
     * so it must only read the reply; if it throws, the reply counts as served and the balancer logs it.
     */
    public Builder<M, R> withReplyOutcome(Function<? super R, BalancerCore.Outcome> outcome) {
      return with(c -> c.replyOutcome = Objects.requireNonNull(outcome, "outcome"));
    }

    /** Hedges slow requests ({@link Hedging}); needs {@link #withIdempotentRetries}. */
    public Builder<M, R> withHedging(Hedging hedging) {
      return with(settings.withHedging(Objects.requireNonNull(hedging, "hedging")));
    }

    /**
     * Takes outliers out of rotation for a while, and ramps new routees up ({@link OutlierEjection}):
     * by their latency, and by their share of failures as {@link #withReplyOutcome} tells them.
     */
    public Builder<M, R> withOutlierEjection(OutlierEjection ejection) {
      return with(settings.withOutlierEjection(Objects.requireNonNull(ejection, "ejection")));
    }

    /**
     * Counts the load routees report ({@link LoadReport}, e.g. through a {@link LoadReporter}): each
     * routee's load is then this balancer's requests there plus the other balancers' by its last report,
     * so several balancers over the same routees do not herd onto one that only looks idle to each.
     */
    public Builder<M, R> withReportedLoad() {
      return with(settings.withReportedLoad(true));
    }

    /**
     * Routes to about {@code size} of the group's routees rather than all: the balancers over the same
     * key (each registers under {@link LoadReporter#balancersOf}) share the routees out alike, so that
     * each routee is shared by about {@code size x balancers / routees} of them, never more than twice
     * that, and a balancer keeps state for about {@code size} routees. For a group only.
     */
    public Builder<M, R> withSubset(int size) {
      return with(settings.withSubset(size));
    }

    /** Seeds the random picks, so that a run can be replayed. */
    public Builder<M, R> withSeed(long seed) {
      return with(settings.withSeed(seed));
    }

    /** Tells {@code listener} what the balancer does (for metrics or logs), besides its own log. */
    public Builder<M, R> withListener(BalancerListener<? super M> listener) {
      return with(c -> c.listener = Objects.requireNonNull(listener, "listener"));
    }

    /** The balancer's behavior: spawn it, and send it requests of type {@code M}. */
    public Behavior<M> build() {
      settings.check();
      if (settings.subset() > 0 && routees.key() == null) {
        throw new IllegalArgumentException("a pool routes to its own routees: subsets are for groups");
      }
      return BalancerActor.create(this);
    }
  }
}
