package pekkolb.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
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
import scala.concurrent.ExecutionContextExecutor;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;

/**
 * Runs jobs. A job never blocks a thread: it is a timer that fires after the job's duration. The
 * worker registers itself under {@link ServiceKeys#WORKER}, which is how the broker finds it, in one
 * JVM or across a cluster alike. It answers a broker's {@link WorkerHello} with its speed, slots,
 * the window it grants and its load, and every answer carries its load (jobs held from all brokers).
 * A job it cannot run is answered as failed, never thrown: no job can stop a worker.
 */
public final class Worker extends AbstractBehavior<WorkerMessage> {

  /** Graceful stop: leave the service listing, finish every job held, then stop and say so. */
  public record Drain(ActorRef<Drained> replyTo) implements WorkerMessage {}

  public record Drained(String worker, long jobsFinished) {}

  /**
   * Jobs of one duration that share a timer, so a million jobs in flight cost a thousand timers. A
   * batch is closed by the {@link BatchesClosed} the worker sent itself when the batch began, so no
   * job in it ends sooner than its duration after it arrived. With slots, each job has its own.
   */
  private static final class Batch {
    final ArrayList<Job> jobs = new ArrayList<>();
    final Worker owner; // a batch started before a restart finishes in the new incarnation

    Batch(Worker owner) {
      this.owner = owner;
    }
  }

  private record Finished(Batch batch) implements WorkerMessage {}

  private enum BatchesClosed implements WorkerMessage { INSTANCE }

  private enum DrainCheck implements WorkerMessage { INSTANCE }

  /**
   * Jobs per shared timer. A later batch starts its timer later, so the answers to a burst come
   * back spread out as the worker took the jobs in, not all in one lump the broker must then get
   * through; a thousand jobs per timer is already a thousandth of the timers.
   */
  private static final int BATCH_LIMIT = 1000;

  /** The scheduler refuses delays beyond 2^31 ticks (about 24 days at a 1 ms tick). */
  private static final long LONGEST_TIMER_NANOS = Duration.ofDays(20).toNanos();

  /** Runs a timer's task on the scheduler thread itself; fine for a task that only tells an actor. */
  private static final ExecutionContextExecutor ON_TIMER_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

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

  /**
   * An unexpected exception restarts the worker rather than removing it. A restart loses the jobs
   * queued behind its slots (their brokers take them back at their deadline) and its counts; jobs
   * already on a timer are still answered.
   */
  private static Behavior<WorkerMessage> supervised(Behavior<WorkerMessage> worker) {
    return Behaviors.supervise(worker).onFailure(SupervisorStrategy.restart());
  }

  private final WorkerProfile profile;
  private final int slots;
  private final Pace pace;
  private final String name;
  private final ArrayDeque<Job> queued = new ArrayDeque<>();
  private final HashMap<Long, Batch> openBatches = new HashMap<>();
  private Batch lastBatch;
  private long lastBatchNanos;
  private int running;
  private long finished;
  private ActorRef<Drained> drainReplyTo;
  private boolean jobSinceCheck;
  private int quietChecks;

  private Worker(ActorContext<WorkerMessage> ctx, WorkerProfile profile, Pace pace) {
    super(ctx);
    ctx.setLoggerName(Worker.class); // the same logger name whether spawned or the guardian
    this.profile = profile;
    this.slots = profile.slots();
    this.pace = pace;
    this.name = ctx.getSelf().path().name();
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.WORKER, ctx.getSelf()));
  }

  @Override
  public Receive<WorkerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Job.class, this::onJob)
        .onMessage(WorkerHello.class, this::onHello)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(BatchesClosed.class, m -> onBatchesClosed())
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainCheck.class, m -> onDrainCheck())
        .build();
  }

  private Behavior<WorkerMessage> onHello(WorkerHello hello) {
    hello.replyTo().tell(new WorkerInfo(getContext().getSelf(), name, profile.speed(), slots, profile.window(), held()));
    return this;
  }

  /** Jobs this worker holds, running or queued, from every broker: the load it reports. */
  private int held() {
    return running + queued.size();
  }

  private void answer(Job job, String failure) {
    job.replyTo().tell(new JobDone(job.jobId(), job.attempt(), name, held(), failure));
  }

  /** A job that ran to its end: done, unless the pace says it failed here (a worker fault, worth a retry elsewhere). */
  private void answerRan(Job job) {
    String fault = pace.fault(job);
    job.replyTo().tell(new JobDone(job.jobId(), job.attempt(), name, held(), fault, fault != null));
  }

  private Behavior<WorkerMessage> onJob(Job job) {
    jobSinceCheck = true;
    if (job.sizeMillis() < -1 || job.sizeMillis() > profile.maxJobSizeMillis()) {
      answer(job, "job size " + job.sizeMillis() + " ms is outside -1 .. " + profile.maxJobSizeMillis()
          + " ms (lb.broker.max-job-size) at " + name);
    } else if (slots == 0 || running < slots) {
      start(job);
    } else {
      queued.add(job);
    }
    return this;
  }

  private void start(Job job) {
    long nanos = pace.nanos(job);
    if (nanos > LONGEST_TIMER_NANOS) { // a slow speed times a large size
      answer(job, "job would take " + nanos / 1_000_000 + " ms at " + name + ", more than a worker times ("
          + LONGEST_TIMER_NANOS / 1_000_000 + " ms)");
      return;
    }
    if (nanos <= 0) {
      finished++;
      answerRan(job);
      return;
    }
    boolean unlimited = slots == 0;
    // Nearly every job has the same duration as the one before: look that up without boxing.
    Batch batch = !unlimited ? null : nanos == lastBatchNanos && lastBatch != null ? lastBatch : openBatches.get(nanos);
    if (batch == null || batch.jobs.size() >= BATCH_LIMIT) {
      batch = new Batch(this);
      // The scheduler's own thread tells us the batch is done: ctx.scheduleOnce would first hand
      // each firing to the dispatcher as a task of its own.
      Finished done = new Finished(batch);
      ActorRef<WorkerMessage> self = getContext().getSelf();
      try {
        getContext().getSystem().scheduler().scheduleOnce(Duration.ofNanos(nanos), () -> self.tell(done), ON_TIMER_THREAD);
      } catch (IllegalArgumentException tooLong) { // beyond what the scheduler can time at its tick
        answer(job, "job of " + nanos / 1_000_000 + " ms cannot be timed at " + name + ": " + tooLong.getMessage());
        return;
      }
      if (unlimited) {
        if (openBatches.isEmpty()) getContext().getSelf().tell(BatchesClosed.INSTANCE);
        openBatches.put(nanos, batch);
      }
    }
    running++;
    batch.jobs.add(job);
    if (unlimited) {
      lastBatch = batch;
      lastBatchNanos = nanos;
    }
  }

  private Behavior<WorkerMessage> onBatchesClosed() {
    openBatches.clear();
    lastBatch = null;
    return this;
  }

  private Behavior<WorkerMessage> onFinished(Finished f) {
    boolean mine = f.batch().owner == this;
    for (Job job : f.batch().jobs) {
      if (mine) running--;
      finished++;
      answerRan(job);
    }
    while (!queued.isEmpty() && (slots == 0 || running < slots)) start(queued.poll());
    return this;
  }

  private Behavior<WorkerMessage> onDrain(Drain drain) {
    if (drainReplyTo == null) {
      getContext().getLog().info("[{}] draining: leaving the listing, finishing {} job(s)", name, running + queued.size());
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
