package pekkolb.broker;

import java.util.List;
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
import pekkolb.logging.LogBudget;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.metrics.Metrics;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerInfo;
import pekkolb.routing.Strategies;

/**
 * Routes each request to a worker and sends the worker's answer back to whoever asked: every
 * {@link Submit} gets exactly one {@link Reply}. The path of a request is on this page (submit, pick,
 * dispatch, done, answer); who the workers are lives in {@link Membership}, the in-flight accounting
 * in {@link Jobs}, the clocks in {@link Deadlines}. The strategies are handed in, not built here.
 */
public final class Broker extends AbstractBehavior<BrokerMessage> {

  private record WorkersChanged(Receptionist.Listing listing) implements BrokerMessage {}

  private enum Sweep implements BrokerMessage { INSTANCE }

  public static Behavior<BrokerMessage> create(LbSettings settings, Strategies strategies) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Broker(ctx, timers, settings, strategies)));
  }

  private final LbSettings settings;
  private final Strategies strategies;
  private final ActorRef<JobDone> jobDoneTo;
  private final Membership workers;
  private final Jobs jobs;
  private final Deadlines deadlines;
  private final RedispatchBudget budget;
  private final Admission admission;
  private final BrokerMetrics metrics;
  private final LogBudget rejectionLog = new LogBudget(10, System::nanoTime);
  private long nextJobId = 1;

  private Broker(ActorContext<BrokerMessage> ctx, TimerScheduler<BrokerMessage> timers, LbSettings settings,
      Strategies strategies) {
    super(ctx);
    ctx.setLoggerName(Broker.class); // the same logger name whether spawned or the guardian
    this.settings = settings;
    this.strategies = strategies;
    this.jobDoneTo = ctx.getSelf().narrow();
    this.metrics = Metrics.get(ctx.getSystem()).newBroker();
    this.workers = new Membership(settings, strategies, ctx.getLog(), metrics, ctx.getSelf().narrow());
    this.jobs = new Jobs(workers::loadChanged);
    this.deadlines = new Deadlines(settings);
    this.budget = new RedispatchBudget(settings.dispatch());
    this.admission = new Admission(settings);
    ActorRef<Receptionist.Listing> listingAdapter = ctx.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.WORKER, listingAdapter));
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.BROKER, ctx.getSelf()));
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.sweepInterval());
  }

  @Override
  public Receive<BrokerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(JobDone.class, this::onJobDone)
        .onMessage(Connect.class, this::onConnect)
        .onMessage(WorkersChanged.class, this::onWorkersChanged)
        .onMessage(WorkerInfo.class, this::onWorkerInfo)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(Sweep.class, s -> onSweep())
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- the path of one request ---------------------------------------------------------------

  private Behavior<BrokerMessage> onSubmit(Submit submit) {
    if (submit.replyTo() == null) {
      getContext().getLog().warn("dropped a request with no replyTo: nobody to answer ({})", submit);
      return this;
    }
    long now = System.nanoTime();
    var request = admission.accept(submit, nextJobId, jobs.held(), now, why -> reject(submit.replyTo(), submit.requestId(), why));
    if (request == null) return this;
    nextJobId++;
    if (!workers.open().isEmpty() && jobs.oldestWaiting() == null) {
      dispatch(request, now);
    } else if (workers.routable().isEmpty() && jobs.waitingCount() >= settings.pendingBuffer()) {
      reject(submit.replyTo(), submit.requestId(),
          "no workers available and the waiting buffer is full (" + settings.pendingBuffer() + " requests)");
    } else {
      jobs.await(request);
    }
    return this;
  }

  /** Sends a job to a worker with room in its window (there is one: {@code workers.open()} is not empty). */
  private void dispatch(AcceptedRequest r, long now) {
    List<WorkerEntry> open = workers.open();
    WorkerEntry w = open.get(strategies.get(r.approach).select(open));
    jobs.dispatched(r, w, now, deadlines.deadline(r, w, now));
    w.ref.tell(new Job(r.jobId, r.attempt, r.appType, r.sizeMillis, jobDoneTo));
    w.metrics.dispatched(r.appType.wireName(), r.approach.wireName());
    if (settings.logJobs()) {
      getContext().getLog().info("job {} {} {} -> {}{} (in flight: {})", r.jobId, r.appType.wireName(),
          r.approach.wireName(), w.name, r.attempt > 1 ? " (attempt " + r.attempt + ")" : "", workers.loads());
    }
  }

  private Behavior<BrokerMessage> onJobDone(JobDone done) {
    AcceptedRequest r = jobs.done(done);
    if (r == null) {
      // A late answer for a job that was already re-dispatched or failed: it was answered once already.
      getContext().getLog().debug("ignored a late answer for job {} attempt {} from {}", done.jobId(), done.attempt(), done.worker());
      return this;
    }
    budget.released(r);
    if (done.failed()) { // the worker will not run it: no other worker would either
      reject(r.replyTo, r.requestId, done.failure());
    } else {
      answer(r, r.worker);
    }
    dispatchWaiting();
    return this;
  }

  private void answer(AcceptedRequest r, WorkerEntry w) {
    long now = System.nanoTime();
    w.latency().observe(now - r.dispatchedNanos, now);
    w.metrics.completed(r.approach.wireName(), now - r.submittedNanos);
    long elapsedMillis = Math.round((now - r.submittedNanos) / settings.timeScale() / 1_000_000.0);
    r.replyTo.tell(new Response(r.requestId, w.name, r.appType.wireName(), r.approach.wireName(), elapsedMillis));
    if (settings.logJobs()) {
      getContext().getLog().info("job {} done by {} in {} ms (in flight: {})", r.jobId, w.name, elapsedMillis, workers.loads());
    }
  }

  /** Requests waiting for room go out, oldest first, as long as some worker has room. */
  private void dispatchWaiting() {
    while (!workers.open().isEmpty() && jobs.oldestWaiting() != null) dispatch(jobs.nextWaiting(), System.nanoTime());
  }

  private void reject(ActorRef<Reply> replyTo, long requestId, String reason) {
    String note = rejectionLog.admit(); // an overload must not turn into a flood of log lines
    if (note != null) getContext().getLog().info("rejected request {}: {}{}", requestId, reason, note);
    metrics.rejected(reason);
    replyTo.tell(new Rejected(requestId, reason));
  }

  // ---- when a job cannot finish where it is --------------------------------------------------

  /** Takes a job back from the worker it was on and gives it another chance, or fails it. */
  private void redispatch(AcceptedRequest r, String why) {
    jobs.takeBack(r);
    r.worker.metrics.takenBack(r.approach.wireName());
    if (r.attempt >= settings.maxAttempts()) {
      fail(r, why + "; gave up after " + r.attempt + " attempt(s) (lb.broker.max-attempts)");
    } else if (workers.routable().isEmpty()) {
      fail(r, why + " and no other worker is available");
    } else if (workers.open().isEmpty()) {
      jobs.awaitAgain(r); // first in line for the next free window
    } else {
      getContext().getLog().info("re-dispatching job {} ({}): {}", r.jobId, r.appType.wireName(), why);
      dispatch(r, System.nanoTime());
    }
  }

  /** A job past its deadline goes elsewhere while the re-dispatch budget allows; past it, it fails. */
  private void overdue(AcceptedRequest r) {
    String why = "no answer from " + r.worker.name + " within its deadline";
    if (budget.admit(r, jobs.inFlightCount())) {
      redispatch(r, why);
      getContext().getLog().warn("{}: job {} taken back; {}", why, r.jobId, budget.describe());
    } else {
      jobs.takeBack(r);
      fail(r, why + "; not retried: the re-dispatch budget is spent (lb.broker.redispatch-budget)");
    }
  }

  private void fail(AcceptedRequest r, String reason) {
    budget.released(r);
    jobs.forget(r);
    reject(r.replyTo, r.requestId, reason);
  }

  private void redispatchAllOf(WorkerEntry w, String why) {
    List<AcceptedRequest> theirs = jobs.heldBy(w);
    if (!theirs.isEmpty()) getContext().getLog().warn("{}: taking back {} job(s)", why, theirs.size());
    for (AcceptedRequest r : theirs) redispatch(r, why);
  }

  // ---- workers coming and going, and the clocks ----------------------------------------------

  private Behavior<BrokerMessage> onWorkersChanged(WorkersChanged changed) {
    for (WorkerEntry lost : workers.update(changed.listing(), getContext()::watch)) {
      if (lost.inFlight() > 0) redispatchAllOf(lost, "worker " + lost.name + " is unreachable");
    }
    dispatchWaiting();
    return this;
  }

  private Behavior<BrokerMessage> onWorkerInfo(WorkerInfo info) {
    if (workers.greeted(info) != null) dispatchWaiting();
    return this;
  }

  private Behavior<BrokerMessage> onTerminated(Terminated t) {
    WorkerEntry w = workers.stopped(t.getRef());
    if (w != null && w.inFlight() > 0) redispatchAllOf(w, "worker " + w.name + " was lost");
    return this;
  }

  private Behavior<BrokerMessage> onSweep() {
    long now = System.nanoTime();
    String waitedWhy = deadlines.waitedTooLongReason(!workers.routable().isEmpty());
    for (AcceptedRequest r : deadlines.waitedTooLong(jobs, now)) reject(r.replyTo, r.requestId, waitedWhy);
    for (AcceptedRequest r : deadlines.overdue(jobs, now)) overdue(r);
    workers.greetLaggards();
    return this;
  }

  private Behavior<BrokerMessage> onConnect(Connect connect) {
    connect.replyTo().tell(new Connected(getContext().getSelf(), getContext().getSelf().path().name(), settings.clientWindow()));
    return this;
  }

  private Behavior<BrokerMessage> onGetStats(GetStats get) {
    get.replyTo().tell(StatsView.of(workers, jobs));
    return this;
  }
}
