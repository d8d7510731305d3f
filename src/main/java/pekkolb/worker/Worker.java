package pekkolb.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.dispatch.ExecutionContexts;
import pekkolb.LbSettings;
import pekkolb.batching.Batcher;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobMessage;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.WorkerBye;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerUsage;
import pekkolb.router.Usage;
import pekkolb.router.UsageMeter;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Runs jobs. A job never blocks a thread: it is a timer that fires after the job's duration. The
 * worker registers itself under {@link ServiceKeys#WORKER}, which is how the broker finds it, in one
 * JVM or across a cluster alike. It answers a broker's {@link WorkerHello} with its speed, slots,
 * the window it grants and its load, and every answer carries its load (jobs held from all brokers).
 *
 * <p>A job takes one path whether it came in a {@link JobBatch} or alone (a {@link Job}: a batch of
 * one). The worker takes a message's entries in runs that ask for the same app type and size: a run is
 * refused at once if the worker will not run that size, else started on timers as far as its slots
 * allow, the rest waiting in arrival order. When a timer fires, its jobs are answered: the jobs of
 * batches by one {@link JobsDone} per broker for all that end while the worker reads one run of its
 * mailbox, a lone Job by a {@link JobDone} (see {@link Answers}). A job it cannot run is answered as
 * failed, never thrown: no job can stop a worker.
 */
public final class Worker extends AbstractBehavior<WorkerMessage> {

  /** Graceful stop: leave the service listing, finish every job held, then stop and say so. */
  public record Drain(ActorRef<Drained> replyTo) implements WorkerMessage {}
  public record Drained(String worker, long jobsFinished) {}

  private record Finished(TimerBatch batch) implements WorkerMessage {}
  private record BrokerGone(ActorRef<?> broker) implements WorkerMessage {}
  /** Entries {@code from .. to - 1} of {@code jobs}, alike, waiting for a slot. */
  private record Waiting(JobMessage jobs, int from, int to) {}

  /** The end of a mailbox run, sent by the {@link Batcher}: answers and load reports go, open timers close. */
  private enum Flush implements WorkerMessage { INSTANCE }
  private enum DrainCheck implements WorkerMessage { INSTANCE }
  private enum ReportUsage implements WorkerMessage { INSTANCE }

  /** The scheduler refuses delays beyond 2^31 ticks (about 24 days at a 1 ms tick). */
  private static final long LONGEST_TIMER_NANOS = Duration.ofDays(20).toNanos();
  /** A draining worker stops after this many quiet checks in a row (the broker's listing may lag). */
  private static final Duration DRAIN_CHECK = Duration.ofMillis(200);
  private static final int DRAIN_QUIET_CHECKS = 10;
  /** Runs a timer's task on the scheduler thread itself; fine for a task that only tells an actor. */
  private static final ExecutionContextExecutor ON_TIMER_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

  /** A worker with the configured slots and speed (lb.worker; lb.worker.speeds by its name). */
  public static Behavior<WorkerMessage> create(LbSettings settings) {
    return supervised(Behaviors.setup(ctx -> {
      WorkerProfile profile = WorkerProfile.of(settings, ctx.getSelf().path().name());
      return new Worker(ctx, profile, Pace.nominal(settings, profile.speed()));
    }));
  }

  public static Behavior<WorkerMessage> create(WorkerProfile profile, Pace pace) {
    return supervised(Behaviors.setup(ctx -> new Worker(ctx, profile, pace)));
  }

  /** An unexpected exception restarts the worker, not removes it. A restart loses the jobs waiting for
   * its slots and the answers not sent yet (their brokers take them back at their deadline); jobs
   * already on a timer are answered. */
  private static Behavior<WorkerMessage> supervised(Behavior<WorkerMessage> worker) {
    return Behaviors.supervise(worker).onFailure(SupervisorStrategy.restart());
  }

  private final WorkerProfile profile;
  private final Pace pace;
  private final String name;
  private final int capacity; // jobs on timers at once: the slots, or no limit
  private final Batcher<WorkerMessage> batcher;
  private final Answers answers;
  private final LoadReports loadReports;
  private final SharedTimers timers;
  private final UsageMeter usage;
  private boolean usageReports; // the periodic usage report is scheduled (from the first hello on)
  private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
  private int running;
  private int queued; // jobs in `waiting`
  private long finished;
  private ActorRef<Drained> drainReplyTo;
  private boolean jobSinceCheck;
  private int quietChecks;

  private Worker(ActorContext<WorkerMessage> ctx, WorkerProfile profile, Pace pace) {
    super(ctx);
    ctx.setLoggerName(Worker.class); // the same logger name whether spawned or the guardian
    this.profile = profile;
    this.pace = pace;
    this.name = ctx.getSelf().path().name();
    this.capacity = profile.slots() == 0 ? Integer.MAX_VALUE : profile.slots();
    this.batcher = new Batcher<>(ctx.getSelf(), Flush.INSTANCE);
    this.answers = new Answers(batcher, name, pace, this::held);
    this.loadReports = new LoadReports(ctx.getSelf(), profile, this::held);
    this.timers = new SharedTimers(profile.slots() == 0);
    this.usage = new UsageMeter(profile.slots(), System.nanoTime());
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.WORKER, ctx.getSelf()));
  }

  @Override
  public Receive<WorkerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(JobMessage.class, this::onJobs)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(Flush.class, m -> onFlush())
        .onMessage(WorkerHello.class, this::onHello)
        .onMessage(BrokerGone.class, m -> forget(m.broker()))
        .onMessage(WorkerBye.class, m -> forget(m.broker()))
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainCheck.class, m -> onDrainCheck())
        .onMessage(ReportUsage.class, m -> onReportUsage())
        .build();
  }

  private Behavior<WorkerMessage> onHello(WorkerHello hello) {
    hello.replyTo().tell(loadReports.info());
    if (loadReports.add(hello.replyTo())) getContext().watchWith(hello.replyTo(), new BrokerGone(hello.replyTo()));
    if (!usageReports) {
      usageReports = true;
      getContext().scheduleOnce(profile.usageInterval(), getContext().getSelf(), ReportUsage.INSTANCE);
    }
    return this;
  }

  /** A broker that stopped, or that forgot this worker (out of its subset), hears no more reports. */
  private Behavior<WorkerMessage> forget(ActorRef<?> broker) {
    loadReports.remove(broker);
    getContext().unwatch(broker);
    return this;
  }

  /** Every broker that greeted it hears its usage of late; a worker that finished nothing says nothing. */
  private Behavior<WorkerMessage> onReportUsage() {
    Usage u = usage.read(System.nanoTime());
    if (u != null && u.qps() > 0) {
      WorkerUsage report = new WorkerUsage(getContext().getSelf(), u.utilization(), u.qps(), u.errorsPerSecond());
      for (ActorRef<WorkerReport> broker : loadReports.brokers()) broker.tell(report);
    }
    getContext().scheduleOnce(profile.usageInterval(), getContext().getSelf(), ReportUsage.INSTANCE);
    return this;
  }

  /** Jobs this worker holds, running or waiting, from every broker: the load it reports. */
  private int held() {
    return running + queued;
  }

  private void loadChanged() {
    if (loadReports.changed()) batcher.added(loadReports);
  }

  private Behavior<WorkerMessage> onFlush() {
    batcher.flush();
    answers.flushed();
    return this;
  }

  /** A lone Job or a JobBatch: its entries in runs of alike ones. */
  private Behavior<WorkerMessage> onJobs(JobMessage jobs) {
    jobSinceCheck = true;
    for (int from = 0, n = JobSource.size(jobs); from < n; ) {
      int to = JobSource.alikeEnd(jobs, from);
      take(jobs, from, to);
      from = to;
    }
    loadChanged();
    return this;
  }

  /** Alike entries: refused at once if the worker will not run their size, else started as far as the slots allow, the rest waiting. */
  private void take(JobMessage jobs, int from, int to) {
    long sizeMillis = JobSource.sizeMillis(jobs, from);
    if (sizeMillis < -1 || sizeMillis > profile.maxJobSizeMillis()) {
      answers.answer(jobs, from, to, "job size " + sizeMillis + " ms is outside -1 .. " + profile.maxJobSizeMillis()
          + " ms (lb.broker.max-job-size) at " + name);
      return;
    }
    int next = waiting.isEmpty() ? startFitting(jobs, from, to) : from; // behind those already waiting
    if (next < to) {
      waiting.add(new Waiting(jobs, next, to));
      queued += to - next;
    }
  }

  /** Starts entries {@code from .. to - 1}, alike, as far as the slots allow; returns the first left waiting. */
  private int startFitting(JobMessage jobs, int from, int to) {
    while (from < to && running < capacity) {
      int n = Math.min(to - from, capacity - running); // a job that takes no time frees its slot at once
      start(jobs, from, from + n);
      from += n;
    }
    return from;
  }

  /** Puts alike entries on timers (answers them at once if they take no time, or cannot be timed). */
  private void start(JobMessage jobs, int from, int to) {
    long nanos = pace.nanos(JobSource.appType(jobs, from), JobSource.sizeMillis(jobs, from));
    if (nanos > LONGEST_TIMER_NANOS) { // a slow speed times a large size
      answers.answer(jobs, from, to, "job would take " + nanos / 1_000_000 + " ms at " + name
          + ", more than a worker times (" + LONGEST_TIMER_NANOS / 1_000_000 + " ms)");
      return;
    }
    if (nanos <= 0) {
      finished += to - from;
      answers.answer(jobs, from, to, null);
      return;
    }
    while (from < to) {
      TimerBatch batch;
      try {
        batch = timerFor(nanos);
      } catch (IllegalArgumentException tooLong) { // beyond what the scheduler can time at its tick
        answers.answer(jobs, from, to, "job of " + nanos / 1_000_000 + " ms cannot be timed at " + name + ": "
            + tooLong.getMessage());
        return;
      }
      int n = Math.min(to - from, batch.room());
      batch.add(jobs, from, from + n);
      running += n;
      usage.started(n, System.nanoTime());
      from += n;
    }
  }

  /** A timer batch with room for a job of {@code nanos}: the open one for that duration, or a new one, its timer started. */
  private TimerBatch timerFor(long nanos) {
    TimerBatch open = timers.open(nanos);
    if (open != null) return open;
    TimerBatch batch = timers.create(this);
    // The scheduler's own thread tells the worker the batch is done: ctx.scheduleOnce would first
    // hand each firing to the dispatcher as a task of its own.
    WorkerMessage done = new Finished(batch);
    ActorRef<WorkerMessage> self = getContext().getSelf();
    getContext().getSystem().scheduler().scheduleOnce(Duration.ofNanos(nanos), () -> self.tell(done), ON_TIMER_THREAD);
    if (timers.started(nanos, batch)) batcher.added(timers);
    return batch;
  }

  private Behavior<WorkerMessage> onFinished(Finished f) {
    TimerBatch batch = f.batch();
    boolean mine = batch.owner == this; // one started before a restart took no slot here
    if (mine) running -= batch.size();
    finished += batch.size();
    int faults = 0;
    for (int run = 0; run < batch.runs(); run++) faults += answers.ran(batch, run);
    if (mine) usage.ended(batch.size(), faults, System.nanoTime()); // the faults are its usage's errors/s
    while (!waiting.isEmpty() && running < capacity) {
      Waiting w = waiting.poll();
      queued -= w.to() - w.from();
      int next = startFitting(w.jobs(), w.from(), w.to());
      if (next < w.to()) {
        waiting.addFirst(new Waiting(w.jobs(), next, w.to()));
        queued += w.to() - next;
      }
    }
    loadChanged();
    return this;
  }

  private Behavior<WorkerMessage> onDrain(Drain drain) {
    if (drainReplyTo == null) {
      getContext().getLog().info("[{}] draining: leaving the listing, finishing {} job(s)", name, held());
      getContext().getSystem().receptionist().tell(Receptionist.deregister(ServiceKeys.WORKER, getContext().getSelf()));
      getContext().scheduleOnce(DRAIN_CHECK, getContext().getSelf(), DrainCheck.INSTANCE);
    }
    drainReplyTo = drain.replyTo();
    return this;
  }

  private Behavior<WorkerMessage> onDrainCheck() {
    boolean quiet = running == 0 && waiting.isEmpty() && !jobSinceCheck;
    quietChecks = quiet ? quietChecks + 1 : 0;
    jobSinceCheck = false;
    if (quietChecks >= DRAIN_QUIET_CHECKS) {
      getContext().getLog().info("[{}] drained after {} job(s); stopping", name, finished);
      drainReplyTo.tell(new Drained(name, finished));
      return Behaviors.stopped();
    }
    getContext().scheduleOnce(DRAIN_CHECK, getContext().getSelf(), DrainCheck.INSTANCE);
    return this;
  }
}
