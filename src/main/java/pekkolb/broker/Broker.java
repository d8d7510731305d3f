package pekkolb.broker;

import java.util.function.LongSupplier;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import pekkolb.LbSettings;
import pekkolb.batching.Batcher;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.metrics.Metrics;
import pekkolb.protocol.BrokerDrained;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.DrainBroker;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.WorkerBye;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerUsage;
import pekkolb.protocol.WorkerMessage;
import pekkolb.router.BalancerCore;
import pekkolb.router.Failure;
import pekkolb.router.Routee;
import pekkolb.router.Usage;

/**
 * Routes each request to a worker and passes the worker's answer back to whoever asked: every
 * {@link Submit} gets exactly one reply. The broker is the library's balancer ({@link BalancerCore}:
 * workers, in-flight counts, picks, deadlines, budgets, ejection, hedges), configured for Long and
 * Short jobs ({@link Lanes}), and this actor adds what is the app's: the protocol, and batching.
 *
 * <p>The path of every request, alone or in a client's batch (a batch of one is the same path):
 * {@link #take} checks it and hands it to the balancer, which picks a worker and calls
 * {@link #dispatch}; the job goes to that worker with the others of this mailbox run; the worker's
 * answer comes back as an entry of a {@link JobsDone} ({@link #onDone}), the balancer counts it off
 * and calls {@link #answer}; the answer goes to its client with the others of this run. Batching is
 * one layer under that path: a {@link Batcher} buffer per worker and per client, flushed once per run.
 */
public final class Broker extends AbstractBehavior<BrokerMessage> implements BalancerCore.Effects<Origin> {

  /** The workers listed, or with a subset the brokers. */
  private record Listed(Receptionist.Listing listing) implements BrokerMessage {}
  private record HedgeDue(long id, int attempt) implements BrokerMessage {}
  private enum Sweep implements BrokerMessage { INSTANCE }
  private enum Flush implements BrokerMessage { INSTANCE }
  private enum DrainTimeUp implements BrokerMessage { INSTANCE }

  /** A broker whose random picks are seeded by lb.routing.seed, or at random. */
  public static Behavior<BrokerMessage> create(LbSettings settings) {
    return create(settings, settings.routingSeed().orElseGet(() -> java.util.concurrent.ThreadLocalRandom.current().nextLong()));
  }

  /** A broker whose random picks are seeded by {@code seed} (several brokers in one run, seeded apart). */
  public static Behavior<BrokerMessage> create(LbSettings settings, long seed) {
    return create(settings, seed, System::nanoTime);
  }

  /**
   * A broker that reads the time from {@code nanoClock}: System::nanoTime, or a test's clock that
   * follows ManualTime, so that latencies, deadlines and waits follow the timers a test drives.
   */
  public static Behavior<BrokerMessage> create(LbSettings settings, long seed, LongSupplier nanoClock) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Broker(ctx, timers, settings, seed, nanoClock)));
  }

  private final LbSettings settings;
  private final LongSupplier clock;
  private final TimerScheduler<BrokerMessage> timers;
  private final BalancerCore<Origin> core;
  private final Batcher<BrokerMessage> batcher;
  private final Admission admission;
  private final Refusals refusals;
  private final BrokerMetrics metrics;
  private final Clients clients = new Clients();
  private final ActorRef<JobsDone> answersTo;
  private final ActorRef<WorkerReport> helloReplyTo;
  private Draining draining; // null until DrainBroker

  private Broker(ActorContext<BrokerMessage> ctx, TimerScheduler<BrokerMessage> timers, LbSettings settings, long seed,
      LongSupplier clock) {
    super(ctx);
    this.clock = clock;
    ctx.setLoggerName(Broker.class); // the same logger name whether spawned or the guardian
    this.settings = settings;
    this.timers = timers;
    this.metrics = Metrics.get(ctx.getSystem()).newBroker();
    this.core = new BalancerCore<>(Lanes.settings(settings).withSeed(seed), Lanes.of(settings), this, new BrokerEvents(metrics, ctx.getLog()),
        clock);
    this.batcher = new Batcher<>(ctx.getSelf(), Flush.INSTANCE);
    this.admission = new Admission(settings);
    this.refusals = new Refusals(settings);
    this.answersTo = ctx.getSelf().narrow();
    this.helloReplyTo = ctx.getSelf().narrow();
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, Listed::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.WORKER, listings));
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.BROKER, ctx.getSelf()));
    // With a subset, the brokers listed are the peers the workers are shared out among (one adapter: both listings).
    if (settings.dispatch().sharing().subsetSize() > 0) ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.BROKER, listings));
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.sweepInterval());
  }

  @Override
  public Receive<BrokerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(SubmitBatch.class, this::onSubmitBatch)
        .onMessage(JobsDone.class, this::onDone)
        .onMessage(JobDone.class, this::onDone)
        .onMessage(Flush.class, f -> {
          batcher.flush();
          return this;
        })
        .onMessage(WorkerInfo.class, this::onWorkerInfo)
        .onMessage(WorkerUsage.class, u -> {
          core.usage(u.worker(), new Usage(u.utilization(), u.qps(), u.errorsPerSecond()), clock.getAsLong());
          return this;
        })
        .onMessage(Listed.class, this::onWorkersChanged)
        .onMessage(Sweep.class, s -> onSweep())
        .onMessage(HedgeDue.class, h -> {
          core.hedgeDue(h.id(), h.attempt(), clock.getAsLong());
          return drainCheck();
        })
        .onMessage(Connect.class, this::onConnect)
        .onMessage(GetStats.class, get -> {
          get.replyTo().tell(StatsView.of(core));
          return this;
        })
        .onMessage(DrainBroker.class, this::onDrain)
        .onMessage(DrainTimeUp.class, m -> onDrainTimeUp())
        .onSignal(Terminated.class, t -> {
          core.stopped(t.getRef(), clock.getAsLong());
          return drainCheck();
        })
        .build();
  }

  // ---- the path of a request -------------------------------------------------------------------

  private Behavior<BrokerMessage> onSubmit(Submit s) {
    return take(clients.lone(s.replyTo()), s.requestId(), s.appType(), s.approach(), s.sizeMillis(), clock.getAsLong());
  }

  private Behavior<BrokerMessage> onSubmitBatch(SubmitBatch b) {
    if (b.replyTo() == null) return dropped(b.size());
    ClientAnswers client = clients.batching(b.replyTo());
    long now = clock.getAsLong(); // one clock reading for requests that came together
    for (int i = 0; i < b.size(); i++) take(client, b.requestIds()[i], b.appTypes()[i], b.approaches()[i], b.sizeMillis()[i], now);
    return this;
  }

  /** Checks a request and hands it to the balancer, which sends it on at once or lets it wait for room. */
  private Behavior<BrokerMessage> take(ClientAnswers client, long requestId, String appType, String approach, long sizeMillis,
      long now) {
    if (client.replyTo() == null) return dropped(1);
    if (draining != null) {
      client.replyTo().tell(new HandBack(requestId, draining.handBackReason()));
      return this;
    }
    Kind kind = admission.kind(appType, approach, sizeMillis);
    if (kind == null) {
      reject(client, requestId, admission.refusal());
      return this;
    }
    Failure refused = core.admit(client.origin(kind), requestId, kind.approach().ordinal(), kind.expectedNanos(), now);
    if (refused != null) reject(client, requestId, refusals.text(refused));
    return this;
  }

  @Override
  public void dispatch(Routee worker, long jobId, int attempt, Origin request) {
    WorkerLink link = (WorkerLink) worker.attachment();
    link.add(jobId, attempt, request.kind());
    batcher.added(link);
    if (settings.logJobs()) {
      getContext().getLog().info("job {} {} {} -> {}{} (in flight: {})", core.sequence(jobId), request.kind().type().wireName(),
          request.kind().approach().wireName(), worker.name(), attempt > 1 ? " (attempt " + attempt + ")" : "", loads());
    }
  }

  /** A worker's answers: each done (or failed) job comes off the balancer's books; those that end their request are answered. */
  private Behavior<BrokerMessage> onDone(JobsDone done) {
    long now = clock.getAsLong(); // one clock reading for answers that came together
    for (int i = 0; i < done.size(); i++) {
      String failure = done.failure(i);
      // A failure in a batch is never the worker's fault: the job could not run anywhere.
      BalancerCore.Outcome outcome = failure == null ? BalancerCore.Outcome.DONE : BalancerCore.Outcome.FAILED;
      if (!core.replied(done.jobIds()[i], done.attempts()[i], failure, outcome, done.load(), now)) late(done.jobIds()[i], done.worker());
    }
    return drainCheck();
  }

  private Behavior<BrokerMessage> onDone(JobDone done) {
    BalancerCore.Outcome outcome = !done.failed() ? BalancerCore.Outcome.DONE
        : done.workerFault() ? BalancerCore.Outcome.ROUTEE_FAULT : BalancerCore.Outcome.FAILED;
    if (!core.replied(done.jobId(), done.attempt(), done.failure(), outcome, done.load(), clock.getAsLong())) late(done.jobId(), done.worker());
    return drainCheck();
  }

  private void late(long jobId, String worker) {
    // An answer to a job re-dispatched, failed or answered since: its request was answered once already.
    getContext().getLog().debug("ignored a late answer for job {} from {}", jobId, worker);
  }

  @Override
  public void answer(long jobId, Origin request, long requestId, Object failure, Routee worker, long elapsedNanos) {
    if (failure != null) {
      reject(request.client(), requestId, (String) failure);
      return;
    }
    long millis = millis(elapsedNanos, settings.timeScale());
    request.client().add(requestId, ((WorkerLink) worker.attachment()).name, request.kind(), millis);
    batcher.added(request.client());
    if (settings.logJobs()) {
      getContext().getLog().info("job {} done by {} in {} ms (in flight: {})", core.sequence(jobId), worker.name(), millis, loads());
    }
  }

  @Override
  public void fail(Origin request, long requestId, Failure failure) {
    String reason = refusals.text(failure);
    // A stopping broker loses its workers as its node leaves: not the request's fault, so another broker may serve it.
    if (draining != null || CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent()) {
      request.client().replyTo().tell(new HandBack(requestId, "broker stopping: " + reason));
    } else {
      reject(request.client(), requestId, reason);
    }
  }

  private void reject(ClientAnswers client, long requestId, String reason) {
    metrics.rejected(reason);
    client.replyTo().tell(new Rejected(requestId, reason));
  }

  private Behavior<BrokerMessage> dropped(int requests) {
    getContext().getLog().warn("dropped {} request(s) with no replyTo: nobody to answer", requests);
    return this;
  }

  /** {@code nanos} at {@code timeScale} in unscaled milliseconds, rounded half up. */
  static long millis(long nanos, double timeScale) {
    if (timeScale == 1.0 && nanos >= 0) return (nanos + 500_000) / 1_000_000;
    return Math.round(nanos / timeScale / 1_000_000.0);
  }

  /** "Worker-1=2 Worker-2=0 ...": the routable workers' jobs in flight, for the job log. */
  private String loads() {
    StringBuilder sb = new StringBuilder();
    for (Routee r : core.routees()) {
      if (r.state() != pekkolb.router.RouteeState.ROUTABLE || !r.ready()) continue;
      if (sb.length() > 0) sb.append(' ');
      sb.append(r.name()).append('=').append(r.inFlight());
    }
    return sb.toString();
  }

  // ---- workers coming and going, and the clock ---------------------------------------------------

  @SuppressWarnings("unchecked")
  private static ActorRef<WorkerMessage> workerRef(Routee worker) {
    return (ActorRef<WorkerMessage>) worker.ref();
  }

  @Override
  public void greet(Routee worker) {
    ActorRef<WorkerMessage> ref = workerRef(worker);
    if (worker.attachment() == null) {
      worker.attach(new WorkerLink(ref, answersTo, metrics.worker(worker.name())));
      getContext().watch(ref);
    }
    ref.tell(new WorkerHello(helloReplyTo));
  }

  @Override
  public void farewell(Routee worker) {
    ActorRef<WorkerMessage> ref = workerRef(worker);
    getContext().unwatch(ref);
    ref.tell(new WorkerBye(helloReplyTo)); // else its load and usage reports keep coming
  }

  @Override
  public String identity(ActorRef<?> ref) {
    return ref.path().toStringWithAddress(getContext().getSystem().address());
  }

  @Override
  public void probe(Routee worker) {
    greet(worker); // the hello's answer carries the worker's load
  }

  @Override
  public void scheduleHedge(long jobId, int attempt, long delayNanos) {
    getContext().scheduleOnce(java.time.Duration.ofNanos(delayNanos), getContext().getSelf(), new HedgeDue(jobId, attempt));
  }

  private Behavior<BrokerMessage> onWorkerInfo(WorkerInfo info) {
    long now = clock.getAsLong();
    core.capacity(info.worker(), info.slots(), info.speed(), info.window(), now);
    core.reported(info.worker(), info.load(), now);
    return this;
  }

  private Behavior<BrokerMessage> onWorkersChanged(Listed changed) {
    Receptionist.Listing l = changed.listing();
    if (l.isForKey(ServiceKeys.BROKER)) {
      core.peers(l.getServiceInstances(ServiceKeys.BROKER), getContext().getSelf(), clock.getAsLong());
    } else {
      core.listing(l.getServiceInstances(ServiceKeys.WORKER), l.getAllServiceInstances(ServiceKeys.WORKER), clock.getAsLong());
    }
    return drainCheck();
  }

  private Behavior<BrokerMessage> onSweep() {
    core.sweep(clock.getAsLong());
    clients.forgetIdle();
    return drainCheck();
  }

  private Behavior<BrokerMessage> onConnect(Connect connect) {
    connect.replyTo().tell(new Connected(getContext().getSelf(), getContext().getSelf().path().name(), settings.clientWindow()));
    return this;
  }

  // ---- a graceful stop ---------------------------------------------------------------------------

  private Behavior<BrokerMessage> onDrain(DrainBroker drain) {
    if (draining == null) {
      getContext().getLog().info("draining: leaving the broker listing; {} request(s) held, at most {} to finish them",
          core.held(), drain.within());
      getContext().getSystem().receptionist().tell(Receptionist.deregister(ServiceKeys.BROKER, getContext().getSelf()));
      draining = new Draining(getContext().getSelf().path().name(), core.held());
      timers.startSingleTimer(DrainTimeUp.INSTANCE, drain.within());
    }
    draining.await(drain.replyTo());
    return drainCheck();
  }

  /** The drain's time is up: every request still held goes back to its client, to go elsewhere. */
  private Behavior<BrokerMessage> onDrainTimeUp() {
    batcher.flush();
    if (core.held() > 0) getContext().getLog().warn("drain time is up: handing back {} request(s)", core.held());
    core.releaseAll(clock.getAsLong(), (request, requestId) -> {
      request.client().replyTo().tell(new HandBack(requestId, draining.handBackReason()));
      draining.handedBack();
    });
    return drainCheck();
  }

  /** Once a draining broker holds nothing, those waiting hear so (its answers go out first). */
  private Behavior<BrokerMessage> drainCheck() {
    if (draining == null) return this;
    batcher.flush();
    BrokerDrained over = draining.over(core.held());
    if (over != null) draining.takeWaiting().forEach(who -> who.tell(over));
    return this;
  }
}
