package pekkolb.broker;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import pekkolb.CborSerializable;
import pekkolb.LbSettings;
import pekkolb.logging.LogBudget;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.metrics.Metrics;
import pekkolb.routing.Approach;
import pekkolb.routing.PeakEwma;
import pekkolb.routing.RoutingStrategy;
import pekkolb.routing.Strategies;
import pekkolb.worker.AppType;
import pekkolb.worker.Worker;

/**
 * Routes each request to a worker and sends the worker's answer back to whoever asked. The broker
 * is the one owner of the truth about in-flight work: +1 when it dispatches a job, -1 when the
 * job's {@link JobDone} arrives or the job is re-dispatched or failed. Strategies read that count.
 *
 * <p>Every {@link Submit} gets exactly one {@link Reply}: a {@link Response} or a {@link Rejected}
 * with a reason. Workers are found through the Receptionist, locally or across a cluster alike.
 */
public final class Broker extends AbstractBehavior<Broker.Command> {

  public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "pekko-lb-broker");

  public sealed interface Command {}

  /**
   * A client's request. {@code appType} and {@code approach} are the wire names ("Long",
   * "least_connections"); a null or empty approach means the configured default. {@code sizeMillis}
   * < 0 means the app type's configured duration. {@code requestId} is echoed in the reply.
   */
  public record Submit(long requestId, String appType, String approach, long sizeMillis, ActorRef<Reply> replyTo)
      implements Command, CborSerializable {
    public Submit(String appType, String approach, ActorRef<Reply> replyTo) {
      this(0, appType, approach, -1, replyTo);
    }
  }

  /** A worker's answer to one dispatch of a job. */
  public record JobDone(long jobId, int attempt, String worker) implements Command, CborSerializable {}

  /** Asks for the broker's accounting (for the demo's table, tests and tools). */
  public record GetStats(ActorRef<Stats> replyTo) implements Command {}

  public record Stats(List<WorkerStats> workers, int inFlight, int waiting) {}

  public record WorkerStats(String name, String state, int inFlight, long longJobs, long shortJobs, long completed) {
    public long dispatched() {
      return longJobs + shortJobs;
    }
  }

  public sealed interface Reply extends CborSerializable permits Response, Rejected {
    long requestId();

    /** One line for people: what the client prints and the gateway sends. */
    String text();
  }

  /** A served request: which worker ran it, and how long it took from submission to answer. */
  public record Response(long requestId, String worker, String appType, String approach, long elapsedMillis)
      implements Reply {
    @Override
    public String text() {
      return "Response from " + worker + " (" + appType + ", " + approach + ", " + elapsedMillis + " ms)";
    }
  }

  /** A request the broker could not serve, and why. */
  public record Rejected(long requestId, String reason) implements Reply {
    @Override
    public String text() {
      return "ERROR " + reason;
    }
  }

  private record WorkersChanged(Receptionist.Listing listing) implements Command {}

  private enum Sweep implements Command { INSTANCE }

  public static Behavior<Command> create(LbSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Broker(ctx, timers, settings)));
  }

  private final LbSettings settings;
  private final EnumMap<Approach, RoutingStrategy> strategies;
  private final ActorRef<JobDone> jobDoneTo;
  private final Map<ActorRef<Worker.Command>, WorkerEntry> known = new HashMap<>();
  private final List<WorkerEntry> routable = new ArrayList<>();
  // Jobs in flight by job id, with no boxed key or entry object per job (up to millions of them).
  private final LongMap<Job> inFlight = new LongMap<>();
  private final ArrayDeque<Job> waiting = new ArrayDeque<>();
  private final BrokerMetrics metrics;
  private final long marginNanos;
  private final long pendingTimeoutNanos;
  private final LogBudget rejectionLog = new LogBudget(10, System::nanoTime);
  private long nextJobId = 1;
  private long nextDeadlineScan = Long.MIN_VALUE;

  private Broker(ActorContext<Command> ctx, TimerScheduler<Command> timers, LbSettings settings) {
    super(ctx);
    ctx.setLoggerName(Broker.class); // the same logger name whether spawned or the guardian
    this.settings = settings;
    long seed = settings.routingSeed().orElse(ThreadLocalRandom.current().nextLong());
    this.strategies = Strategies.create(seed, System::nanoTime);
    this.jobDoneTo = ctx.getSelf().narrow();
    this.marginNanos = settings.scaledNanos(settings.jobDeadlineMargin());
    this.pendingTimeoutNanos = settings.scaledNanos(settings.pendingTimeout());
    this.metrics = Metrics.get(ctx.getSystem()).newBroker();
    ActorRef<Receptionist.Listing> listingAdapter = ctx.messageAdapter(Receptionist.Listing.class, WorkersChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(Worker.SERVICE_KEY, listingAdapter));
    ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
    timers.startTimerWithFixedDelay(Sweep.INSTANCE, settings.sweepInterval());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(JobDone.class, this::onJobDone)
        .onMessage(WorkersChanged.class, this::onWorkersChanged)
        .onMessage(GetStats.class, this::onGetStats)
        .onMessage(Sweep.class, s -> onSweep())
        .onSignal(Terminated.class, this::onTerminated)
        .build();
  }

  // ---- requests ------------------------------------------------------------------------------

  private Behavior<Command> onSubmit(Submit submit) {
    if (submit.replyTo() == null) {
      getContext().getLog().warn("dropped a request with no replyTo: nobody to answer ({})", submit);
      return this;
    }
    AppType type;
    Approach approach;
    try {
      type = AppType.parse(submit.appType());
      String a = submit.approach();
      approach = a == null || a.isEmpty() ? settings.defaultApproach() : Approach.parse(a);
    } catch (IllegalArgumentException bad) {
      reject(submit.replyTo(), submit.requestId(), bad.getMessage());
      return this;
    }
    if (inFlight.size() + waiting.size() >= settings.maxInFlight()) {
      reject(submit.replyTo(), submit.requestId(),
          "overloaded: " + settings.maxInFlight() + " requests already in flight (lb.broker.max-in-flight)");
      return this;
    }
    long now = System.nanoTime();
    Job job = new Job(nextJobId++, submit.requestId(), type, approach, submit.sizeMillis(), submit.replyTo(), now);
    if (routable.isEmpty()) {
      if (waiting.size() >= settings.pendingBuffer()) {
        reject(submit.replyTo(), submit.requestId(),
            "no workers available and the waiting buffer is full (" + settings.pendingBuffer() + " requests)");
      } else {
        waiting.add(job);
      }
      return this;
    }
    dispatch(job, now);
    return this;
  }

  private void dispatch(Job job) {
    dispatch(job, System.nanoTime());
  }

  private void dispatch(Job job, long now) {
    WorkerEntry w = routable.get(strategies.get(job.approach).select(routable));
    job.worker = w;
    job.attempt++;
    job.dispatchedNanos = now;
    if (marginNanos > 0) job.deadlineNanos = now + expectedNanos(job) + marginNanos;
    w.inFlight++;
    w.dispatchedByType[job.appType.ordinal()]++;
    inFlight.put(job.jobId, job);
    w.metrics.dispatched(job.appType.wireName(), job.approach.wireName());
    w.ref.tell(new Worker.Job(job.jobId, job.attempt, job.appType, job.sizeMillis, jobDoneTo));
    if (settings.logJobs()) {
      getContext().getLog().info("job {} {} {} -> {}{} (in flight: {})", job.jobId, job.appType.wireName(),
          job.approach.wireName(), w.name, job.attempt > 1 ? " (attempt " + job.attempt + ")" : "", loads());
    }
  }

  private long expectedNanos(Job job) {
    // As settings.scaledNanos(Duration.ofMillis(...)), without allocating a Duration per dispatch.
    return job.sizeMillis >= 0
        ? (long) (job.sizeMillis * 1_000_000L * settings.timeScale())
        : settings.scaledNanos(settings.jobDuration(job.appType));
  }

  private Behavior<Command> onJobDone(JobDone done) {
    Job job = inFlight.get(done.jobId());
    if (job == null || job.attempt != done.attempt()) {
      // A late answer for a job that was already re-dispatched or failed: it was answered once already.
      getContext().getLog().debug("ignored a late answer for job {} attempt {} from {}", done.jobId(), done.attempt(), done.worker());
      return this;
    }
    inFlight.remove(job.jobId);
    long now = System.nanoTime();
    WorkerEntry w = job.worker;
    w.inFlight--;
    w.completed++;
    w.latency().observe(now - job.dispatchedNanos, now);
    w.metrics.completed(job.approach.wireName(), now - job.submittedNanos);
    long elapsedMillis = Math.round((now - job.submittedNanos) / settings.timeScale() / 1_000_000.0);
    job.replyTo.tell(new Response(job.requestId, w.name, job.appType.wireName(), job.approach.wireName(), elapsedMillis));
    if (settings.logJobs()) {
      getContext().getLog().info("job {} done by {} in {} ms (in flight: {})", job.jobId, w.name, elapsedMillis, loads());
    }
    return this;
  }

  private void reject(ActorRef<Reply> replyTo, long requestId, String reason) {
    String note = rejectionLog.admit(); // an overload must not turn into a flood of log lines
    if (note != null) getContext().getLog().info("rejected request {}: {}{}", requestId, reason, note);
    metrics.rejected(reason);
    replyTo.tell(new Rejected(requestId, reason));
  }

  private void fail(Job job, String reason) {
    inFlight.remove(job.jobId);
    reject(job.replyTo, job.requestId, reason);
  }

  /** Takes a job back from the worker it was on and gives it another chance, or fails it. */
  private void redispatch(Job job, String why) {
    WorkerEntry from = job.worker;
    from.inFlight--;
    from.metrics.takenBack(job.approach.wireName());
    if (job.attempt >= settings.maxAttempts()) {
      fail(job, why + "; gave up after " + job.attempt + " attempt(s) (lb.broker.max-attempts)");
    } else if (routable.isEmpty()) {
      fail(job, why + " and no other worker is available");
    } else {
      getContext().getLog().info("re-dispatching job {} ({}): {}", job.jobId, job.appType.wireName(), why);
      dispatch(job);
    }
  }

  private void redispatchAllOf(WorkerEntry w, String why) {
    List<Job> theirs = new ArrayList<>();
    for (Job job : inFlight.values()) if (job.worker == w) theirs.add(job);
    if (!theirs.isEmpty()) getContext().getLog().warn("{}: taking back {} job(s)", why, theirs.size());
    for (Job job : theirs) redispatch(job, why);
  }

  // ---- workers -------------------------------------------------------------------------------

  private Behavior<Command> onWorkersChanged(WorkersChanged changed) {
    Set<ActorRef<Worker.Command>> reachable = changed.listing().getServiceInstances(Worker.SERVICE_KEY);
    Set<ActorRef<Worker.Command>> all = changed.listing().getAllServiceInstances(Worker.SERVICE_KEY);
    for (ActorRef<Worker.Command> ref : all) {
      if (!known.containsKey(ref)) {
        WorkerEntry w = new WorkerEntry(ref, settings.weightOf(ref.path().name()),
            new PeakEwma(settings.scaledNanos(settings.peakEwmaDecay()), System.nanoTime()), metrics.worker(ref.path().name()));
        known.put(ref, w);
        getContext().watch(ref);
        getContext().getLog().info("worker joined: {} ({})", w.name, ref.path());
        metrics.workerEvent(w.name, "joined");
      }
    }
    for (WorkerEntry w : known.values()) {
      WorkerEntry.State next = reachable.contains(w.ref) ? WorkerEntry.State.ROUTABLE
          : all.contains(w.ref) ? WorkerEntry.State.UNREACHABLE
          : WorkerEntry.State.DEREGISTERED;
      if (next == w.state) continue;
      WorkerEntry.State before = w.state;
      w.state = next;
      metrics.workerEvent(w.name, next.name().toLowerCase());
      switch (next) {
        case ROUTABLE -> getContext().getLog().info("worker {} is back ({} before)", w.name, before);
        case DEREGISTERED -> getContext().getLog().info(
            "worker left the listing: {}; no new jobs, awaiting its {} job(s)", w.name, w.inFlight);
        case UNREACHABLE -> getContext().getLog().warn("worker unreachable: {}", w.name);
      }
    }
    rebuildRoutable();
    for (WorkerEntry w : new ArrayList<>(known.values())) {
      if (w.state == WorkerEntry.State.UNREACHABLE && w.inFlight > 0) redispatchAllOf(w, "worker " + w.name + " is unreachable");
    }
    serveWaiting();
    return this;
  }

  private Behavior<Command> onTerminated(Terminated t) {
    WorkerEntry w = known.remove(t.getRef());
    if (w == null) return this;
    if (w.inFlight > 0) getContext().getLog().warn("worker stopped: {} while holding {} job(s)", w.name, w.inFlight);
    else getContext().getLog().debug("worker stopped: {}", w.name);
    w.state = WorkerEntry.State.DEREGISTERED;
    metrics.workerEvent(w.name, "stopped");
    rebuildRoutable();
    if (w.inFlight > 0) redispatchAllOf(w, "worker " + w.name + " was lost");
    return this;
  }

  private void rebuildRoutable() {
    routable.clear();
    for (WorkerEntry w : known.values()) if (w.state == WorkerEntry.State.ROUTABLE) routable.add(w);
    routable.sort(Comparator.comparing(w -> w.sortKey));
    for (RoutingStrategy s : strategies.values()) s.workersChanged(routable);
  }

  private void serveWaiting() {
    while (!routable.isEmpty() && !waiting.isEmpty()) dispatch(waiting.poll());
  }

  // ---- housekeeping --------------------------------------------------------------------------

  private Behavior<Command> onSweep() {
    long now = System.nanoTime();
    while (!waiting.isEmpty() && now - waiting.peek().submittedNanos >= pendingTimeoutNanos) {
      Job job = waiting.poll();
      reject(job.replyTo, job.requestId, "no worker became available within " + settings.pendingTimeout().toSeconds() + " s");
    }
    if (marginNanos > 0 && now >= nextDeadlineScan) scanDeadlines(now);
    return this;
  }

  /**
   * The backstop for a worker that vanished without the broker hearing of it: a job unanswered
   * past its duration plus the margin is taken back. Scans only when the earliest deadline may have
   * passed; a job dispatched later cannot fall due before now + margin.
   */
  private void scanDeadlines(long now) {
    long earliest = now + marginNanos;
    List<Job> overdue = new ArrayList<>();
    for (Iterator<Job> it = inFlight.values().iterator(); it.hasNext(); ) {
      Job job = it.next();
      if (job.deadlineNanos <= now) overdue.add(job);
      else if (job.deadlineNanos < earliest) earliest = job.deadlineNanos;
    }
    nextDeadlineScan = earliest;
    for (Job job : overdue) {
      redispatch(job, "no answer from " + job.worker.name + " within its deadline");
    }
  }

  private Behavior<Command> onGetStats(GetStats get) {
    List<WorkerEntry> sorted = new ArrayList<>(known.values());
    sorted.sort(Comparator.comparing(w -> w.sortKey));
    List<WorkerStats> stats = new ArrayList<>();
    for (WorkerEntry w : sorted) {
      stats.add(new WorkerStats(w.name, w.state.name().toLowerCase(), w.inFlight,
          w.dispatchedByType[AppType.LONG.ordinal()], w.dispatchedByType[AppType.SHORT.ordinal()], w.completed));
    }
    get.replyTo().tell(new Stats(List.copyOf(stats), inFlight.size(), waiting.size()));
    return this;
  }

  private String loads() {
    StringBuilder sb = new StringBuilder();
    for (WorkerEntry w : routable) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(w.name).append('=').append(w.inFlight);
    }
    return sb.toString();
  }
}
