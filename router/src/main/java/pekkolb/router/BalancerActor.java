package pekkolb.router;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.ActorRefProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ExtensibleBehavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The {@link LoadBalancer}'s actor: a {@link BalancerCore} whose requests are the users' own messages,
 * each sent to its routee with a {@link ReplyAddress} of its own, and whose routees come from the
 * Receptionist (a group) or are its children (a pool).
 */
final class BalancerActor<M, R> extends ExtensibleBehavior<Object> implements BalancerCore.Effects<Pending<M>> {

  /** Asks for the balancer's {@link BalancerStatus} ({@link LoadBalancer#getStatus}). */
  record GetStatus(ActorRef<BalancerStatus> replyTo) {}

  /** A listing of the routees, or of the balancers over them (one adapter: a second for the same class would replace it). */
  private record Listed(Receptionist.Listing listing) {}

  private record HedgeDue(long id, int attempt) {}

  private enum Sweep { INSTANCE }

  /** The reply the core is given for one that reached the caller as it arrived. */
  private static final Object ANSWERED = new Object();

  /** How often waits and deadlines are checked: a tenth of the shortest of them, within these bounds. */
  private static final Duration MIN_SWEEP = Duration.ofMillis(10);
  private static final Duration MAX_SWEEP = Duration.ofMillis(500);

  static <M, R> Behavior<M> create(LoadBalancer.Builder<M, R> builder) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> new BalancerActor<>(ctx, timers, builder))).narrow();
  }

  private final ActorContext<Object> context;
  private final LoadBalancer.Builder<M, R> builder;
  private final BalancerCore<Pending<M>> core;
  private final ActorRefProvider provider;
  private final ReplyInbox inbox;
  private final DropLog dropLog;
  private final Consumer<ReplyInbox.Arrival> countReply = this::onReply;
  private long now; // when the message being handled was taken, and the replies taken with it

  private BalancerActor(ActorContext<Object> ctx, TimerScheduler<Object> timers, LoadBalancer.Builder<M, R> builder) {
    this.context = ctx;
    this.builder = builder;
    this.provider = ((ExtendedActorSystem) Adapter.toClassic(ctx.getSystem())).provider();
    this.dropLog = new DropLog(ctx.getLog());
    this.inbox = new ReplyInbox(ctx.getSelf(), outcomeOf(builder.replyOutcome), builder.settings.retries().isPresent());
    BalancerListener<? super M> user = builder.listener;
    // Its one lane is hedged when the builder asked for hedging: the core hedges only lanes that say so.
    Lane lane = new Lane("default", builder.policy, builder.settings.hedging().isPresent(), false);
    this.core = new BalancerCore<>(builder.settings, List.of(lane), this,
        new BalancerLog<>(user, ctx.getLog()), System::nanoTime);
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, sweepInterval(builder.settings));
    LoadBalancer.Builder.Routees<M> routees = builder.routees;
    if (routees.key() != null) {
      ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, Listed::new);
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(routees.key(), listings));
      ServiceKey<LoadReport> balancers = LoadReporter.balancersOf(routees.key());
      // Registered whatever the policy: routees' reporters find it there (load, usage), and so do its peers.
      ctx.getSystem().receptionist().tell(Receptionist.register(balancers, ctx.getSelf().narrow()));
      if (builder.settings.subset() > 0) {
        ctx.getSystem().receptionist().tell(Receptionist.subscribe(balancers, listings));
      }
    } else {
      for (int i = 1; i <= routees.size(); i++) core.added(ctx.spawn(routees.behavior(), "routee-" + i), System.nanoTime());
    }
  }

  private static Duration sweepInterval(BalancerSettings s) {
    Duration shortest = s.maxWait();
    if (!s.deadline().isZero() && s.deadline().compareTo(shortest) < 0) shortest = s.deadline();
    Duration tenth = shortest.dividedBy(10);
    return tenth.compareTo(MIN_SWEEP) < 0 ? MIN_SWEEP : tenth.compareTo(MAX_SWEEP) > 0 ? MAX_SWEEP : tenth;
  }

  /**
   * Every message first takes the replies come so far; then it is the balancer's own (one of a few
   * types) or a request. One dispatch by type here, rather than a receive builder's list of cases,
   * keeps the path a request takes short: every request passes this one actor.
   */
  @Override
  public Behavior<Object> receive(TypedActorContext<Object> c, Object message) {
    if (message == ReplyInbox.Arrived.INSTANCE) {
      inbox.rearm(); // before taking: a reply from now on wakes it again
      takeReplies();
      return this;
    }
    long now = takeReplies();
    if (message instanceof Listed l) onListed(l, now);
    else if (message instanceof LoadReport r) core.reported(r.routee(), r.load(), now);
    else if (message instanceof UsageReport r) core.usage(r.routee(), r.usage(), now);
    else if (message instanceof GetStatus g) g.replyTo().tell(core.status(now));
    else if (message instanceof HedgeDue h) core.hedgeDue(h.id(), h.attempt(), now);
    else if (message == Sweep.INSTANCE) core.sweep(now);
    else onRequest(message, now);
    return this;
  }

  @Override
  public Behavior<Object> receiveSignal(TypedActorContext<Object> c, Signal signal) {
    if (signal instanceof Terminated t) return onTerminated(t);
    if (signal instanceof PostStop) onStop();
    return this;
  }

  /**
   * Takes the replies come so far, before any decision, so a caller that has its reply finds it
   * counted; they and the message being handled share one reading of the clock, returned.
   */
  private long takeReplies() {
    now = System.nanoTime();
    inbox.take(countReply);
    return now;
  }

  @SuppressWarnings("unchecked")
  private void onRequest(Object message, long now) {
    M request = (M) message;
    ActorRef<R> caller = builder.replyTo.apply(request);
    if (caller == null) {
      dropLog.dropped("a request with no reply address: nobody to answer");
      return;
    }
    Pending<M> pending = new Pending<>(request, caller);
    Failure refused = core.admit(pending, 0, 0, expectedNanos(request), now);
    if (refused != null) fail(pending, 0, refused);
  }

  private long expectedNanos(M request) {
    if (builder.expectedWork == null) return 0;
    Duration work = builder.expectedWork.apply(request);
    return work == null || work.isNegative() ? 0 : work.toNanos();
  }

  private void onReply(ReplyInbox.Arrival a) {
    if (a.outcomeError() != null) {
      context.getLog().warn("withReplyOutcome threw on a reply to request {}; it counts as served", a.id(), a.outcomeError());
    }
    if (!core.replied(a.id(), a.attempt(), a.answered() ? ANSWERED : a.reply(), a.outcome(), -1, now)) {
      context.getLog().debug("dropped a late or second reply to request {} (attempt {})", a.id(), a.attempt());
    }
  }

  /** The user's outcome of a reply, DONE if none is given or it gives none. */
  @SuppressWarnings("unchecked")
  private static <R> Function<Object, BalancerCore.Outcome> outcomeOf(Function<? super R, BalancerCore.Outcome> user) {
    if (user == null) return reply -> BalancerCore.Outcome.DONE;
    return reply -> {
      BalancerCore.Outcome o = user.apply((R) reply);
      return o == null ? BalancerCore.Outcome.DONE : o;
    };
  }

  private void onListed(Listed listed, long now) {
    Receptionist.Listing l = listed.listing();
    ServiceKey<M> key = builder.routees.key();
    if (l.isForKey(key)) {
      core.listing(l.getServiceInstances(key), l.getAllServiceInstances(key), now);
    } else {
      core.peers(l.getServiceInstances(LoadReporter.balancersOf(key)), context.getSelf(), now);
    }
  }

  private Behavior<Object> onTerminated(Terminated t) {
    core.stopped(t.getRef(), takeReplies());
    if (builder.routees.key() == null && core.routees().isEmpty()) {
      context.getLog().info("every routee of the pool stopped: the balancer stops");
      return Behaviors.stopped();
    }
    return this;
  }

  private void onStop() {
    inbox.close();
    core.releaseAll(takeReplies(), (pending, tag) -> fail(pending, tag, new Failure(Failure.Reason.STOPPED, null, 0)));
  }

  // ---- what the core asks for ----------------------------------------------------------------------

  @Override
  @SuppressWarnings("unchecked")
  public void dispatch(Routee routee, long id, int attempt, Pending<M> request) {
    ReplyAddress address = new ReplyAddress(provider, inbox, request, id, attempt);
    request.add(address);
    ActorRef<R> replyTo = Adapter.toTyped(address);
    ((ActorRef<M>) routee.ref()).tell(builder.withReplyTo.apply(request.message, replyTo));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void answer(long id, Pending<M> request, long tag, Object reply, Routee routee, long elapsedNanos) {
    // The claim comes before the paths check: a path made after it is not registered (ReplyAddress#path).
    if (reply != ANSWERED && request.claim()) request.caller().tell(reply);
    release(request);
  }

  /** Unregisters the request's reply paths, if any reply address ever got one: locally none does. */
  private void release(Pending<M> request) {
    if (inbox.pathsMade()) request.release();
  }

  @Override
  public void fail(Pending<M> request, long tag, Failure failure) {
    boolean mine = request.claim();
    release(request);
    if (!mine) return; // a routee's reply reached the caller first
    if (builder.failureReply != null) request.caller().tell(builder.failureReply.apply(request.message, failure));
    else dropLog.dropped(failure.message());
  }

  @Override
  public void scheduleHedge(long id, int attempt, long delayNanos) {
    context.scheduleOnce(Duration.ofNanos(delayNanos), context.getSelf(), new HedgeDue(id, attempt));
  }

  @Override
  public void greet(Routee routee) {
    context.watch(routee.ref());
  }

  @Override
  public void farewell(Routee routee) {
    context.unwatch(routee.ref());
  }

  @Override
  public String identity(ActorRef<?> ref) {
    return ref.path().toStringWithAddress(context.getSystem().address());
  }
}
