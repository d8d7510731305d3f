package pekkolb.broker;

import java.util.List;
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
import pekkolb.metrics.BrokerMetrics;
import pekkolb.metrics.Metrics;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.DrainBroker;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.Reply;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.WorkerInfo;
import pekkolb.routing.Strategies;

/**
 * Routes each request to a worker and sends the worker's answer back to whoever asked: every
 * {@link Submit} gets exactly one {@link Reply}. The path of a request is on this page (submit, pick,
 * dispatch, done, answer); who the workers are (and the hello, windows, reported load) lives in
 * {@link Membership}, the in-flight accounting in {@link Jobs}, the clocks in {@link Deadlines}, the
 * wording of answers in {@link Answers}, the batching of jobs and answers in {@link Outbox} and
 * {@link JobOutcomes}. The strategies are handed in, not built here.
 */
public final class Broker extends AbstractBehavior<BrokerMessage> {

  private record WorkersChanged(Receptionist.Listing listing) implements BrokerMessage {}
  private enum Sweep implements BrokerMessage { INSTANCE }
  private enum DrainTimeUp implements BrokerMessage { INSTANCE }

  public static Behavior<BrokerMessage> create(LbSettings settings, Strategies strategies) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Broker(ctx, timers, settings, strategies)));
  }

  private final LbSettings settings;
  private final Strategies strategies;
  private final Outbox outbox;
  private final JobOutcomes outcomes;
  private final Membership workers;
  private final Jobs jobs;
  private final Deadlines deadlines;
  private final RedispatchBudget budget;
  private final Admission admission;
  private final BatchAdmission batches;
  private final Answers answers;
  private final Resilience resilience; // ejection, retries after a worker's fault, hedges, prequal's probes
  private final TimerScheduler<BrokerMessage> timers;
  private Draining draining; // null until DrainBroker

  private Broker(ActorContext<BrokerMessage> ctx, TimerScheduler<BrokerMessage> timers, LbSettings settings,
      Strategies strategies) {
    super(ctx);
    ctx.setLoggerName(Broker.class); // the same logger name whether spawned or the guardian
    this.settings = settings;
    this.strategies = strategies;
    this.timers = timers;
    this.outbox = new Outbox(ctx.getSelf());
    BrokerMetrics metrics = Metrics.get(ctx.getSystem()).newBroker();
    this.workers = new Membership(settings, strategies, ctx.getLog(), metrics, ctx.getSelf().narrow());
    this.jobs = new Jobs(workers::loadChanged, settings, workers::open);
    this.answers = new Answers(settings, ctx.getLog(), metrics, workers, outbox);
    this.deadlines = new Deadlines(settings);
    this.budget = new RedispatchBudget(settings.dispatch());
    this.admission = new Admission(settings);
    this.resilience = new Resilience(settings, deadlines, jobs, budget, ctx, () -> jobs.newJobIds(1));
    this.outcomes = new JobOutcomes(jobs, budget, answers, resilience, new AnswerRuns(settings, jobs, answers, outbox, resilience),
        ctx.getLog());
    this.batches = new BatchAdmission(settings, strategies, admission, workers, jobs, deadlines, outbox, resilience);
    ActorRef<Receptionist.Listing> listingAdapter = ctx.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.WORKER, listingAdapter));
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.BROKER, ctx.getSelf()));
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.sweepInterval());
  }

  @Override
  public Receive<BrokerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, s -> take(s.requestId(), s.appType(), s.approach(), s.sizeMillis(), s.replyTo(), null, System.nanoTime()))
        .onMessage(SubmitBatch.class, this::onSubmitBatch)
        .onMessage(JobDone.class, done -> { outcomes.of(done); return settle(); })
        .onMessage(JobsDone.class, done -> { outcomes.of(done); return settle(); }) // several: one settle for all
        .onMessage(Outbox.Flush.class, f -> { outbox.flush(); return this; })
        .onMessage(Connect.class, this::onConnect)
        .onMessage(DrainBroker.class, this::onDrain)
        .onMessage(DrainTimeUp.class, m -> { outbox.flush(); draining.timeUp(jobs, budget, getContext().getLog()); return this; })
        .onMessage(WorkersChanged.class, this::onWorkersChanged)
        .onMessage(WorkerInfo.class, info -> workers.greeted(info) != null ? settle() : this)
        .onMessage(GetStats.class, get -> { get.replyTo().tell(StatsView.of(workers, jobs, resilience)); return this; })
        .onMessage(Sweep.class, s -> onSweep())
        .onMessage(Hedging.Due.class, due -> { resilience.hedge(due, workers.open().size()); settle(); return this; })
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- the path of one request ---------------------------------------------------------------

  private Behavior<BrokerMessage> onSubmitBatch(SubmitBatch b) {
    if (b.replyTo() == null) return dropped(b.size());
    Outbox.ClientAnswers client = outbox.client(b.replyTo());
    ActorRef<Reply> replyTo = b.replyTo().narrow();
    long now = System.nanoTime(); // one clock reading for the batch: its requests came together
    batches.takeAll(b, client, now, draining == null,
        i -> take(b.requestIds()[i], b.appTypes()[i], b.approaches()[i], b.sizeMillis()[i], replyTo, client, now));
    return this;
  }

  /** @param batchTo where the answer goes with others (the request came in a batch), or null */
  private Behavior<BrokerMessage> take(long requestId, String appType, String approach, long sizeMillis,
      ActorRef<Reply> replyTo, Outbox.ClientAnswers batchTo, long now) {
    if (replyTo == null) return dropped(1);
    if (draining != null) {
      replyTo.tell(new HandBack(requestId, draining.handBackReason()));
      return this;
    }
    boolean straightOn = !workers.open().isEmpty() && jobs.oldestWaiting() == null;
    var request = admission.accept(requestId, appType, approach, sizeMillis, replyTo, batchTo, jobs.nextJobId(), jobs,
        workers.routable().isEmpty(), straightOn, now);
    if (request == null) {
      answers.reject(replyTo, requestId, admission.refusal());
      return this;
    }
    jobs.newJobIds(1);
    if (request.scratch) dispatch(request, now); // admission found it may go straight on (kept only as columns)
    else { jobs.await(request); settle(); } // until a worker has room in its window (queue mode: a free slot)
    return this;
  }

  private Behavior<BrokerMessage> dropped(int requests) {
    getContext().getLog().warn("dropped {} request(s) with no replyTo: nobody to answer", requests);
    return this;
  }

  /** Sends a job to a worker with room in its window (there is one: {@code workers.open()} is not empty). */
  private void dispatch(AcceptedRequest r, long now) {
    List<WorkerEntry> open = resilience.candidates(workers.open(), r, now);
    WorkerEntry w = open.get(strategies.get(r.approach).select(open));
    jobs.dispatched(r, w, now, deadlines.deadline(r.expectedNanosAt(w), w, now));
    outbox.send(w, r); // with the other jobs for w, once the broker has read its mailbox
    answers.dispatched(r, w);
    resilience.dispatched(r, open, now);
  }

  /** Requests waiting for room go out, oldest first, while some worker has room; and a drain may be over. */
  private Behavior<BrokerMessage> settle() {
    long now = System.nanoTime();
    while (!workers.open().isEmpty() && jobs.oldestWaiting() != null) dispatch(jobs.nextWaiting(), now);
    for (AcceptedRequest r; (r = jobs.nextQueued(now)) != null; ) dispatch(r, now);
    if (draining != null) { outbox.flush(); draining.check(jobs.held()); } // answers out first: it may stop once it holds none
    return this;
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
    } else if (workers.open().isEmpty() || LateBinding.isFor(r)) {
      jobs.awaitAgain(r); // first in line for the next free window (queue mode: the next free slot)
    } else {
      getContext().getLog().info("re-dispatching job {} ({}): {}", r.jobId, r.appType.wireName(), why);
      dispatch(r, System.nanoTime());
    }
  }

  /** Past its deadline: elsewhere while the budget allows, else it stays (it may yet be answered) till the next sweep. */
  private void overdue(AcceptedRequest r) {
    if (budget.admit(r, jobs.inFlightCount())) {
      String why = "no answer from " + r.worker.name + " within its deadline";
      redispatch(r, why);
      getContext().getLog().warn("{}: job {} taken back; {}", why, r.jobId, budget.describe());
    } else {
      deadlines.recheckAtNextSweep();
    }
  }

  private void fail(AcceptedRequest r, String reason) {
    budget.released(r);
    jobs.forget(r);
    // A stopping broker loses its workers as its node leaves: not the request's fault, so another broker may serve it.
    answers.fail(r, reason, draining != null || CoordinatedShutdown.get(getContext().getSystem()).getShutdownReason().isPresent());
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
    return settle();
  }

  private Behavior<BrokerMessage> onTerminated(Terminated t) {
    WorkerEntry w = workers.stopped(t.getRef());
    if (w != null && w.inFlight() > 0) redispatchAllOf(w, "worker " + w.name + " was lost");
    return settle(); // what went back to waiting goes out if a worker has room
  }

  private Behavior<BrokerMessage> onSweep() {
    long now = System.nanoTime();
    String waitedWhy = deadlines.waitedTooLongReason(!workers.routable().isEmpty());
    for (AcceptedRequest r : deadlines.waitedTooLong(jobs, now)) answers.reject(r.replyTo, r.requestId, waitedWhy);
    for (AcceptedRequest r : deadlines.overdue(jobs, now)) overdue(r);
    workers.greetLaggards();
    outbox.sweepClients();
    return settle();
  }

  // ---- a graceful stop -----------------------------------------------------------------------

  private Behavior<BrokerMessage> onDrain(DrainBroker drain) {
    if (draining == null) {
      draining = Draining.start(getContext(), jobs.held(), drain.within());
      timers.startSingleTimer(DrainTimeUp.INSTANCE, drain.within());
    }
    draining.notify(drain.replyTo(), jobs.held());
    return this;
  }

  private Behavior<BrokerMessage> onConnect(Connect connect) {
    connect.replyTo().tell(new Connected(getContext().getSelf(), getContext().getSelf().path().name(), settings.clientWindow()));
    return this;
  }
}
