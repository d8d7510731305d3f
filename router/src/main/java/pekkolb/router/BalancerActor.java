package pekkolb.router;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.ActorRefProvider;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * The {@link LoadBalancer}'s actor: a {@link BalancerCore} whose requests are the users' own messages,
 * each sent to its routee with a {@link ReplyAddress} of its own, and whose routees come from the
 * Receptionist (a group) or are its children (a pool).
 */
final class BalancerActor<M, R> extends AbstractBehavior<Object> implements BalancerCore.Effects<BalancerActor.Pending<M>> {

  /** A request held: the caller's message, and the reply addresses its dispatches were given. */
  static final class Pending<M> {
    final M message;
    private ReplyAddress address;
    private List<ReplyAddress> more; // a re-dispatch's or a hedge's: rare

    Pending(M message) {
      this.message = message;
    }

    void add(ReplyAddress a) {
      if (address == null) {
        address = a;
        return;
      }
      if (more == null) more = new ArrayList<>(2);
      more.add(a);
    }

    void release() {
      if (address != null) address.release();
      if (more != null) more.forEach(ReplyAddress::release);
    }
  }

  /** Asks for the balancer's {@link BalancerStatus} ({@link LoadBalancer#getStatus}). */
  record GetStatus(ActorRef<BalancerStatus> replyTo) {}

  /** A listing of the routees, or of the balancers over them (one adapter: a second for the same class would replace it). */
  private record Listed(Receptionist.Listing listing) {}

  private record HedgeDue(long id, int attempt) {}

  private enum Sweep { INSTANCE }

  /** How often waits and deadlines are checked: a tenth of the shortest of them, within these bounds. */
  private static final Duration MIN_SWEEP = Duration.ofMillis(10);
  private static final Duration MAX_SWEEP = Duration.ofMillis(500);

  static <M, R> Behavior<M> create(LoadBalancer.Builder<M, R> builder) {
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> new BalancerActor<>(ctx, timers, builder))).narrow();
  }

  private final LoadBalancer.Builder<M, R> builder;
  private final BalancerCore<Pending<M>> core;
  private final ActorRefProvider provider;
  private final DropLog dropLog;

  private BalancerActor(ActorContext<Object> ctx, TimerScheduler<Object> timers, LoadBalancer.Builder<M, R> builder) {
    super(ctx);
    this.builder = builder;
    this.provider = ((ExtendedActorSystem) Adapter.toClassic(ctx.getSystem())).provider();
    this.dropLog = new DropLog(ctx.getLog());
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

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(ReplyAddress.Reply.class, this::onReply)
        .onMessage(Listed.class, this::onListed)
        .onMessage(LoadReport.class, r -> {
          core.reported(r.routee(), r.load(), System.nanoTime());
          return this;
        })
        .onMessage(UsageReport.class, r -> {
          core.usage(r.routee(), r.usage(), System.nanoTime());
          return this;
        })
        .onMessage(GetStatus.class, g -> {
          g.replyTo().tell(core.status(System.nanoTime()));
          return this;
        })
        .onMessage(HedgeDue.class, h -> {
          core.hedgeDue(h.id(), h.attempt(), System.nanoTime());
          return this;
        })
        .onMessageEquals(Sweep.INSTANCE, () -> {
          core.sweep(System.nanoTime());
          return this;
        })
        .onSignal(Terminated.class, this::onTerminated)
        .onSignal(PostStop.class, s -> onStop())
        .onAnyMessage(this::onRequest)
        .build();
  }

  @SuppressWarnings("unchecked")
  private Behavior<Object> onRequest(Object message) {
    M request = (M) message;
    ActorRef<R> caller = builder.replyTo.apply(request);
    if (caller == null) {
      dropLog.dropped("a request with no reply address: nobody to answer");
      return this;
    }
    Pending<M> pending = new Pending<>(request);
    Failure refused = core.admit(pending, 0, 0, expectedNanos(request), System.nanoTime());
    if (refused != null) fail(pending, 0, refused);
    return this;
  }

  private long expectedNanos(M request) {
    if (builder.expectedWork == null) return 0;
    Duration work = builder.expectedWork.apply(request);
    return work == null || work.isNegative() ? 0 : work.toNanos();
  }

  private Behavior<Object> onReply(ReplyAddress.Reply reply) {
    if (!core.replied(reply.id(), reply.attempt(), reply.message(), outcomeOf(reply.message()), -1, System.nanoTime())) {
      getContext().getLog().debug("dropped a late or second reply to request {} (attempt {})", reply.id(), reply.attempt());
    }
    return this;
  }

  @SuppressWarnings("unchecked")
  private BalancerCore.Outcome outcomeOf(Object reply) {
    if (builder.replyOutcome == null) return BalancerCore.Outcome.DONE;
    BalancerCore.Outcome o = builder.replyOutcome.apply((R) reply);
    return o == null ? BalancerCore.Outcome.DONE : o;
  }

  private Behavior<Object> onListed(Listed listed) {
    Receptionist.Listing l = listed.listing();
    ServiceKey<M> key = builder.routees.key();
    if (l.isForKey(key)) {
      core.listing(l.getServiceInstances(key), l.getAllServiceInstances(key), System.nanoTime());
    } else {
      core.peers(l.getServiceInstances(LoadReporter.balancersOf(key)), getContext().getSelf(), System.nanoTime());
    }
    return this;
  }

  private Behavior<Object> onTerminated(Terminated t) {
    core.stopped(t.getRef(), System.nanoTime());
    if (builder.routees.key() == null && core.routees().isEmpty()) {
      getContext().getLog().info("every routee of the pool stopped: the balancer stops");
      return Behaviors.stopped();
    }
    return this;
  }

  private Behavior<Object> onStop() {
    core.releaseAll(System.nanoTime(), (pending, tag) -> fail(pending, tag, new Failure(Failure.Reason.STOPPED, null, 0)));
    return this;
  }

  // ---- what the core asks for ----------------------------------------------------------------------

  @Override
  @SuppressWarnings("unchecked")
  public void dispatch(Routee routee, long id, int attempt, Pending<M> request) {
    ReplyAddress address = new ReplyAddress(provider, getContext().getSelf(), id, attempt);
    request.add(address);
    ActorRef<R> replyTo = Adapter.toTyped(address);
    ((ActorRef<M>) routee.ref()).tell(builder.withReplyTo.apply(request.message, replyTo));
  }

  @Override
  @SuppressWarnings("unchecked")
  public void answer(long id, Pending<M> request, long tag, Object reply, Routee routee, long elapsedNanos) {
    request.release();
    builder.replyTo.apply(request.message).tell((R) reply);
  }

  @Override
  public void fail(Pending<M> request, long tag, Failure failure) {
    request.release();
    if (builder.failureReply != null) builder.replyTo.apply(request.message).tell(builder.failureReply.apply(request.message, failure));
    else dropLog.dropped(failure.message());
  }

  @Override
  public void scheduleHedge(long id, int attempt, long delayNanos) {
    getContext().scheduleOnce(Duration.ofNanos(delayNanos), getContext().getSelf(), new HedgeDue(id, attempt));
  }

  @Override
  public void greet(Routee routee) {
    getContext().watch(routee.ref());
  }

  @Override
  public void farewell(Routee routee) {
    getContext().unwatch(routee.ref());
  }

  @Override
  public String identity(ActorRef<?> ref) {
    return ref.path().toStringWithAddress(getContext().getSystem().address());
  }
}
