package pekkolb.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.dispatch.ExecutionContexts;
import pekkolb.CborSerializable;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import scala.concurrent.ExecutionContextExecutor;

/**
 * Runs jobs. A job never blocks a thread: it is a timer that fires after the job's duration. The
 * worker registers itself under {@link #SERVICE_KEY}, which is how the broker finds it, in one JVM
 * or across a cluster alike.
 */
public final class Worker extends AbstractBehavior<Worker.Command> {

  public static final ServiceKey<Command> SERVICE_KEY = ServiceKey.create(Command.class, "pekko-lb-worker");

  public sealed interface Command {}

  /**
   * One job from the broker. {@code sizeMillis} < 0 means "as long as the app type takes";
   * {@code attempt} lets the broker tell a late answer from a re-dispatched job's answer.
   */
  public record Job(long jobId, int attempt, AppType appType, long sizeMillis, ActorRef<Broker.JobDone> replyTo)
      implements Command, CborSerializable {}

  /** Graceful stop: leave the service listing, finish every job held, then stop and say so. */
  public record Drain(ActorRef<Drained> replyTo) implements Command {}

  public record Drained(String worker, long jobsFinished) {}

  /**
   * Jobs of one duration that share a timer. With unlimited slots a batch takes every job of its
   * duration that the worker starts until it reads its own {@link BatchesClosed}, which it sent
   * when it started the batch's first job: every job ahead of that marker in the mailbox had
   * arrived by then, so ending them all one duration after that moment ends none of them sooner
   * than its duration after its arrival, and none later than a timer of its own would. A million
   * jobs in flight then cost a thousand timers instead of a million. With slots, each job has its own.
   */
  private static final class Batch {
    final ArrayList<Job> jobs = new ArrayList<>();
  }

  private record Finished(Batch batch) implements Command {}

  private enum BatchesClosed implements Command { INSTANCE }

  private enum DrainCheck implements Command { INSTANCE }

  /** A scripted change of speed from {@code from} to {@code to} after the worker started (simulator). */
  public record Slowdown(Duration from, Duration to, double factor, Duration fixedLatency) {
    public static Slowdown slower(Duration from, Duration to, double factor) {
      return new Slowdown(from, to, factor, null);
    }

    public static Slowdown fixed(Duration from, Duration to, Duration latency) {
      return new Slowdown(from, to, 1.0, latency);
    }
  }

  /** How this worker differs from the configured default: slots, speed and slow-down windows. */
  public record Profile(int slots, double speed, List<Slowdown> slowdowns) {
    public Profile {
      if (slots < 0) throw new IllegalArgumentException("slots must be >= 0");
      if (!(speed > 0)) throw new IllegalArgumentException("speed must be > 0");
      slowdowns = List.copyOf(slowdowns);
    }

    public static Profile of(LbSettings settings, String workerName) {
      return new Profile(settings.workerSlots(), settings.speedOf(workerName), List.of());
    }
  }

  /**
   * Jobs per shared timer. A later batch starts its timer later, so the answers to a burst come
   * back spread out as the worker took the jobs in, not all in one lump the broker must then get
   * through; a thousand jobs per timer is already a thousandth of the timers.
   */
  private static final int BATCH_LIMIT = 1000;

  /** Runs a timer's task on the scheduler thread itself; fine for a task that only tells an actor. */
  private static final ExecutionContextExecutor ON_TIMER_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

  /** A draining worker stops after this many quiet checks in a row (the broker's listing may lag). */
  private static final Duration DRAIN_CHECK = Duration.ofMillis(200);
  private static final int DRAIN_QUIET_CHECKS = 10;

  public static Behavior<Command> create(LbSettings settings) {
    return Behaviors.setup(ctx -> new Worker(ctx, settings, Profile.of(settings, ctx.getSelf().path().name())));
  }

  public static Behavior<Command> create(LbSettings settings, Profile profile) {
    return Behaviors.setup(ctx -> new Worker(ctx, settings, profile));
  }

  private final LbSettings settings;
  private final Profile profile;
  private final String name;
  private final long startNanos = System.nanoTime();
  private final ArrayDeque<Job> queued = new ArrayDeque<>();
  private final HashMap<Long, Batch> openBatches = new HashMap<>();
  private Batch lastBatch;
  private long lastBatchNanos;
  private int running;
  private long finished;
  private ActorRef<Drained> drainReplyTo;
  private boolean jobSinceCheck;
  private int quietChecks;

  private Worker(ActorContext<Command> ctx, LbSettings settings, Profile profile) {
    super(ctx);
    ctx.setLoggerName(Worker.class); // the same logger name whether spawned or the guardian
    this.settings = settings;
    this.profile = profile;
    this.name = ctx.getSelf().path().name();
    ctx.getSystem().receptionist().tell(Receptionist.register(SERVICE_KEY, ctx.getSelf()));
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Job.class, this::onJob)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(BatchesClosed.class, m -> onBatchesClosed())
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainCheck.class, m -> onDrainCheck())
        .build();
  }

  private Behavior<Command> onJob(Job job) {
    jobSinceCheck = true;
    if (profile.slots() == 0 || running < profile.slots()) {
      start(job);
    } else {
      queued.add(job);
    }
    return this;
  }

  private void start(Job job) {
    long nanos = durationNanos(job);
    if (nanos <= 0) {
      finished++;
      job.replyTo().tell(new Broker.JobDone(job.jobId(), job.attempt(), name));
      return;
    }
    running++;
    boolean unlimited = profile.slots() == 0;
    // Nearly every job has the same duration as the one before: look that up without boxing.
    Batch batch = !unlimited ? null : nanos == lastBatchNanos && lastBatch != null ? lastBatch : openBatches.get(nanos);
    if (batch == null || batch.jobs.size() >= BATCH_LIMIT) {
      batch = new Batch();
      if (unlimited) {
        if (openBatches.isEmpty()) getContext().getSelf().tell(BatchesClosed.INSTANCE);
        openBatches.put(nanos, batch);
      }
      // The scheduler's own thread tells us the batch is done: ctx.scheduleOnce would first hand
      // each firing to the dispatcher as a task of its own.
      Finished done = new Finished(batch);
      ActorRef<Command> self = getContext().getSelf();
      getContext().getSystem().scheduler().scheduleOnce(Duration.ofNanos(nanos), () -> self.tell(done), ON_TIMER_THREAD);
    }
    batch.jobs.add(job);
    if (unlimited) {
      lastBatch = batch;
      lastBatchNanos = nanos;
    }
  }

  private Behavior<Command> onBatchesClosed() {
    openBatches.clear();
    lastBatch = null;
    return this;
  }

  private Behavior<Command> onFinished(Finished f) {
    for (Job job : f.batch().jobs) {
      running--;
      finished++;
      job.replyTo().tell(new Broker.JobDone(job.jobId(), job.attempt(), name));
    }
    while (!queued.isEmpty() && (profile.slots() == 0 || running < profile.slots())) start(queued.poll());
    return this;
  }

  /** Real nanoseconds this job takes here: its size, this worker's speed and slow-downs, the time scale. */
  long durationNanos(Job job) {
    double nanos = job.sizeMillis() >= 0 ? job.sizeMillis() * 1_000_000.0 : settings.jobDuration(job.appType()).toNanos();
    nanos /= profile.speed();
    if (!profile.slowdowns().isEmpty()) {
      long sinceStart = (long) ((System.nanoTime() - startNanos) / settings.timeScale());
      for (Slowdown s : profile.slowdowns()) {
        if (sinceStart >= s.from().toNanos() && sinceStart < s.to().toNanos()) {
          nanos = s.fixedLatency() != null ? s.fixedLatency().toNanos() : nanos * s.factor();
        }
      }
    }
    return (long) (nanos * settings.timeScale());
  }

  private Behavior<Command> onDrain(Drain drain) {
    if (drainReplyTo == null) {
      getContext().getLog().info("[{}] draining: leaving the listing, finishing {} job(s)", name, running + queued.size());
      getContext().getSystem().receptionist().tell(Receptionist.deregister(SERVICE_KEY, getContext().getSelf()));
      getContext().scheduleOnce(DRAIN_CHECK, getContext().getSelf(), DrainCheck.INSTANCE);
    }
    drainReplyTo = drain.replyTo();
    return this;
  }

  private Behavior<Command> onDrainCheck() {
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
