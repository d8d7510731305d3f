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
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerMessage;

/**
 * Runs jobs. A job never blocks a thread: it is a timer that fires after the job's duration. The
 * worker registers itself under {@link ServiceKeys#WORKER}, which is how the broker finds it, in one
 * JVM or across a cluster alike. It answers a broker's {@link WorkerHello} with its speed, slots,
 * the window it grants and its load, and every answer carries its load (jobs held from all brokers).
 * A {@link Job} is answered by a {@link JobDone}; jobs of a {@link JobBatch} by {@link JobsDone}s,
 * one per broker for all that end while it handles one message. A job it cannot run is answered as
 * failed, never thrown: no job can stop a worker.
 */
public final class Worker extends AbstractBehavior<WorkerMessage> {

  /** Graceful stop: leave the service listing, finish every job held, then stop and say so. */
  public record Drain(ActorRef<Drained> replyTo) implements WorkerMessage {}
  public record Drained(String worker, long jobsFinished) {}

  private record Finished(TimerBatch batch) implements WorkerMessage {}
  /** A job waiting for a slot: entry {@code entry} of the message it came in (see {@link JobSource}). */
  private record Queued(WorkerMessage source, int entry) {}

  /** Closes the open {@link TimerBatch}es: sent to itself when the first of them began. */
  private enum BatchesClosed implements WorkerMessage { INSTANCE }
  private enum DrainCheck implements WorkerMessage { INSTANCE }

  /** The scheduler refuses delays beyond 2^31 ticks (about 24 days at a 1 ms tick). */
  private static final long LONGEST_TIMER_NANOS = Duration.ofDays(20).toNanos();
  /** A draining worker stops after this many quiet checks in a row (the broker's listing may lag). */
  private static final Duration DRAIN_CHECK = Duration.ofMillis(200);
  private static final int DRAIN_QUIET_CHECKS = 10;

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

  /** An unexpected exception restarts the worker, not removes it. A restart loses the jobs queued behind
   * its slots (their brokers take them back at their deadline); jobs already on a timer are answered. */
  private static Behavior<WorkerMessage> supervised(Behavior<WorkerMessage> worker) {
    return Behaviors.supervise(worker).onFailure(SupervisorStrategy.restart());
  }

  private final WorkerProfile profile;
  private final int slots;
  private final Pace pace;
  private final String name;
  private final ArrayDeque<Queued> queued = new ArrayDeque<>();
  private final Completions completions;
  private final SharedTimers timers;
  private int running;
  private long finished;
  private ActorRef<Drained> drainReplyTo;
  private boolean jobSinceCheck;
  private int quietChecks;
  private final LoadReports loadReports;

  private Worker(ActorContext<WorkerMessage> ctx, WorkerProfile profile, Pace pace) {
    super(ctx);
    ctx.setLoggerName(Worker.class); // the same logger name whether spawned or the guardian
    this.profile = profile;
    this.slots = profile.slots();
    this.pace = pace;
    this.name = ctx.getSelf().path().name();
    this.completions = new Completions(name);
    this.loadReports = new LoadReports(ctx, profile);
    this.timers = new SharedTimers(this, slots == 0, ctx, Finished::new, BatchesClosed.INSTANCE);
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.WORKER, ctx.getSelf()));
  }

  @Override
  public Receive<WorkerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Job.class, job -> take(job, 0))
        .onMessage(JobBatch.class, this::onJobBatch)
        .onMessage(WorkerHello.class, this::onHello)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(BatchesClosed.class, m -> { timers.closeAll(); return this; })
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainCheck.class, m -> onDrainCheck())
        .onMessage(LoadReports.Due.class, m -> { loadReports.send(held()); return this; })
        .onMessage(LoadReports.BrokerGone.class, m -> { loadReports.remove(m.broker()); return this; })
        .build();
  }

  private Behavior<WorkerMessage> onHello(WorkerHello hello) {
    hello.replyTo().tell(loadReports.info(held()));
    loadReports.add(hello.replyTo());
    return this;
  }

  /** Jobs this worker holds, running or queued, from every broker: the load it reports. */
  private int held() {
    return running + queued.size();
  }

  /** A job that could not run anywhere ({@code failure}), or that ran ({@code failure} null). */
  private void answer(WorkerMessage source, int i, String failure) {
    completions.answer(source, i, failure, false, held());
  }

  private Behavior<WorkerMessage> onJobBatch(JobBatch batch) {
    for (int i = 0; i < batch.size(); ) {
      int started = slots == 0 ? startAlike(batch, i) : 0;
      if (started > 0) i += started;
      else take(batch, i++);
    }
    completions.send(held());
    return this;
  }

  /**
   * Starts entries {@code from ..} of {@code batch} that ask for the same app type and size on one
   * shared timer, checked once; returns how many (0: the entry at {@code from} goes the one-by-one way,
   * which answers what cannot run).
   */
  private int startAlike(JobBatch batch, int from) {
    AppType type = batch.appTypes()[from];
    long size = batch.sizeMillis()[from];
    if (size < -1 || size > profile.maxJobSizeMillis()) return 0;
    long nanos = pace.nanos(type, size);
    if (nanos <= 0 || nanos > LONGEST_TIMER_NANOS) return 0;
    TimerBatch shared;
    try {
      shared = timers.forJob(nanos);
    } catch (IllegalArgumentException tooLong) {
      return 0;
    }
    int alike = from + 1;
    int end = Math.min(batch.size(), from + shared.room());
    while (alike < end && batch.appTypes()[alike] == type && batch.sizeMillis()[alike] == size) alike++;
    int started = shared.addAll(batch, from, alike);
    running += started;
    jobSinceCheck = true;
    loadReports.changed();
    return started;
  }

  /** Entry {@code i} of {@code source}, a lone Job (0) or a JobBatch: held where it came, no Job made per entry. */
  private Behavior<WorkerMessage> take(WorkerMessage source, int i) {
    jobSinceCheck = true;
    long sizeMillis = JobSource.sizeMillis(source, i);
    if (sizeMillis < -1 || sizeMillis > profile.maxJobSizeMillis()) {
      answer(source, i, "job size " + sizeMillis + " ms is outside -1 .. " + profile.maxJobSizeMillis()
          + " ms (lb.broker.max-job-size) at " + name);
    } else if (slots == 0 || running < slots) {
      start(source, i);
    } else {
      queued.add(new Queued(source, i));
    }
    loadReports.changed();
    return this;
  }

  private void start(WorkerMessage source, int i) {
    long nanos = pace.nanos(JobSource.appType(source, i), JobSource.sizeMillis(source, i));
    if (nanos > LONGEST_TIMER_NANOS) { // a slow speed times a large size
      answer(source, i, "job would take " + nanos / 1_000_000 + " ms at " + name + ", more than a worker times ("
          + LONGEST_TIMER_NANOS / 1_000_000 + " ms)");
      return;
    }
    if (nanos <= 0) {
      finished++;
      completions.ran(source, i, pace, held());
      return;
    }
    TimerBatch batch;
    try {
      batch = timers.forJob(nanos);
    } catch (IllegalArgumentException tooLong) { // beyond what the scheduler can time at its tick
      answer(source, i, "job of " + nanos / 1_000_000 + " ms cannot be timed at " + name + ": " + tooLong.getMessage());
      return;
    }
    running++;
    batch.add(source, i);
  }

  private Behavior<WorkerMessage> onFinished(Finished f) {
    TimerBatch batch = f.batch();
    boolean mine = batch.owner == this;
    for (int run = 0; run < batch.runs(); run++) {
      int atOnce = batch.ranAll(run, completions, pace); // the whole run, or none of it
      if (mine) running -= atOnce;
      finished += atOnce;
      for (int i = batch.from(run) + atOnce; i < batch.to(run); i++, finished++) {
        if (mine) running--;
        batch.ran(run, i, completions, pace, held());
      }
    }
    while (!queued.isEmpty() && (slots == 0 || running < slots)) {
      Queued next = queued.poll();
      start(next.source(), next.entry());
    }
    completions.send(held());
    loadReports.changed();
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
    boolean quiet = running == 0 && queued.isEmpty() && !jobSinceCheck;
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
