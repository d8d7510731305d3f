package pekkolb.worker;

import java.time.Duration;
import java.util.HashMap;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.dispatch.ExecutionContexts;
import pekkolb.protocol.WorkerMessage;
import scala.concurrent.ExecutionContextExecutor;

/**
 * A worker's {@link TimerBatch}es: with unlimited slots, jobs of one duration that come while the
 * worker reads one run of its mailbox share the open batch for that duration (closed by a message
 * the worker sends itself when the first of them began); with slots, each job has a timer of its own.
 */
final class SharedTimers {
  /** Runs a timer's task on the scheduler thread itself; fine for a task that only tells an actor. */
  private static final ExecutionContextExecutor ON_TIMER_THREAD = ExecutionContexts.fromExecutor(Runnable::run);

  private final Worker owner;
  private final boolean unlimited;
  private final ActorContext<WorkerMessage> ctx;
  private final Function<TimerBatch, WorkerMessage> finished;
  private final WorkerMessage close;
  private final HashMap<Long, TimerBatch> open = new HashMap<>();
  private final RunningJobs places = new RunningJobs(); // a batch's jobs by id and attempt: the batch is not held
  private TimerBatch last;
  private long lastNanos;

  /**
   * @param finished what the worker is told when a batch's timer fires
   * @param close what the worker sends itself to close the open batches, and must pass to {@link #closeAll}
   */
  SharedTimers(Worker owner, boolean unlimited, ActorContext<WorkerMessage> ctx, Function<TimerBatch, WorkerMessage> finished,
      WorkerMessage close) {
    this.owner = owner;
    this.unlimited = unlimited;
    this.ctx = ctx;
    this.finished = finished;
    this.close = close;
  }

  /**
   * A timer batch with room for a job of {@code nanos}: with unlimited slots the open one for that
   * duration, else (or if it is full) a new one, its timer started.
   * @throws IllegalArgumentException if the scheduler cannot time {@code nanos}
   */
  TimerBatch forJob(long nanos) {
    // Nearly every job has the same duration as the one before: look that up without boxing.
    TimerBatch batch = !unlimited ? null : nanos == lastNanos && last != null ? last : open.get(nanos);
    if (batch == null || batch.full()) {
      batch = new TimerBatch(owner, places);
      // The scheduler's own thread tells the worker the batch is done: ctx.scheduleOnce would first
      // hand each firing to the dispatcher as a task of its own.
      WorkerMessage done = finished.apply(batch);
      ActorRef<WorkerMessage> self = ctx.getSelf();
      ctx.getSystem().scheduler().scheduleOnce(Duration.ofNanos(nanos), () -> self.tell(done), ON_TIMER_THREAD);
      if (unlimited) {
        if (open.isEmpty()) self.tell(close);
        open.put(nanos, batch);
      }
    }
    if (unlimited) {
      last = batch;
      lastNanos = nanos;
    }
    return batch;
  }

  /** The worker read its {@code close} message: jobs that come from now on start new batches. */
  void closeAll() {
    open.clear();
    last = null;
  }
}
