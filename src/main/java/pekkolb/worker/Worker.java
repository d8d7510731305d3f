package pekkolb.worker;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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
import pekkolb.protocol.WorkerMessage;

/**
 * Runs jobs. A job never blocks a thread: it is a timer that fires after the job's duration. The
 * worker registers itself under {@link ServiceKeys#WORKER}, which is how the broker finds it, in one
 * JVM or across a cluster alike.
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

  /** Runs a timer's task on the scheduler thread itself; fine for a task that only tells an actor. */
  private static final ExecutionContextExecutor ON_TIMER_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

  /** A draining worker stops after this many quiet checks in a row (the broker's listing may lag). */
  private static final Duration DRAIN_CHECK = Duration.ofMillis(200);
  private static final int DRAIN_QUIET_CHECKS = 10;

  /** A worker with the configured slots and speed (lb.worker; lb.worker.speeds by its name). */
  public static Behavior<WorkerMessage> create(LbSettings settings) {
    return Behaviors.setup(ctx -> new Worker(ctx, settings.workerSlots(),
        Pace.nominal(settings, settings.speedOf(ctx.getSelf().path().name()))));
  }

  /** @param slots jobs run at once, 0 = unlimited; more wait in arrival order */
  public static Behavior<WorkerMessage> create(int slots, Pace pace) {
    if (slots < 0) throw new IllegalArgumentException("slots must be >= 0, got " + slots);
    return Behaviors.setup(ctx -> new Worker(ctx, slots, pace));
  }

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

  private Worker(ActorContext<WorkerMessage> ctx, int slots, Pace pace) {
    super(ctx);
    ctx.setLoggerName(Worker.class); // the same logger name whether spawned or the guardian
    this.slots = slots;
    this.pace = pace;
    this.name = ctx.getSelf().path().name();
    ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.WORKER, ctx.getSelf()));
  }

  @Override
  public Receive<WorkerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Job.class, this::onJob)
        .onMessage(Finished.class, this::onFinished)
        .onMessage(BatchesClosed.class, m -> onBatchesClosed())
        .onMessage(Drain.class, this::onDrain)
        .onMessage(DrainCheck.class, m -> onDrainCheck())
        .build();
  }

  private Behavior<WorkerMessage> onJob(Job job) {
    jobSinceCheck = true;
    if (slots == 0 || running < slots) {
      start(job);
    } else {
      queued.add(job);
    }
    return this;
  }

  private void start(Job job) {
    long nanos = pace.nanos(job);
    if (nanos <= 0) {
      finished++;
      job.replyTo().tell(new JobDone(job.jobId(), job.attempt(), name));
      return;
    }
    running++;
    boolean unlimited = slots == 0;
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
      ActorRef<WorkerMessage> self = getContext().getSelf();
      getContext().getSystem().scheduler().scheduleOnce(Duration.ofNanos(nanos), () -> self.tell(done), ON_TIMER_THREAD);
    }
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
    for (Job job : f.batch().jobs) {
      running--;
      finished++;
      job.replyTo().tell(new JobDone(job.jobId(), job.attempt(), name));
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
