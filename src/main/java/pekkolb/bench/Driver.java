package pekkolb.bench;

import java.time.Duration;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.Stats;
import pekkolb.protocol.SubmitBatch;

/**
 * The load generator of one benchmark ActorSystem: it runs batches of requests against what the
 * system's {@link #guardian} spawned (workers, a pool router, a broker with workers, or routers over
 * echo routees).
 *
 * <p>A batch keeps {@code window} requests outstanding: every answer lets the next request go, by
 * tell with the request id, never ask. With {@code window == requests} the whole batch leaves at
 * once (the concurrency part). Each batch completes a CompletableFuture and never blocks; a batch
 * that is not fully answered within its timeout completes anyway, with what it got.
 */
final class Driver extends AbstractBehavior<Object> {

  /** What the guardian spawned: targets by name, and the broker to wait for (null when none). */
  record Node(Map<String, Target> targets, ActorRef<BrokerMessage> broker, int workers) {}

  /** Completes once the node can take requests: for a broker, when all its workers are routable. */
  record AwaitReady(CompletableFuture<Void> ready) {}

  /**
   * One batch. {@code sizeMillis} 0 is a zero-length job, -1 the app type's own duration.
   * With {@code expectedNanos} >= 0 every answer's lateness (answer time minus send time minus
   * expectedNanos) is recorded; the throughput runs pass -1 to keep the driver as cheap as possible.
   * {@code timeScale} converts the broker's reported times (unscaled) back to real time.
   */
  record Run(String target, int requests, int window, long sizeMillis, long expectedNanos, double timeScale,
      Duration timeout, CompletableFuture<RunResult> done) {}

  /**
   * What a batch saw. Times are System.nanoTime values. {@code lateness} is in microseconds and
   * {@code brokerLatenessMillis} (the broker's own elapsed time minus the job's) in milliseconds;
   * both are null for untimed runs, and the latter also for targets that are not the broker.
   */
  record RunResult(int requests, long answered, long rejected, long duplicates, long firstSendNanos,
      long allSentNanos, long lastAnswerNanos, long processCpuNanos, Histogram lateness, Histogram brokerLateness) {
    double seconds() {
      return (lastAnswerNanos - firstSendNanos) / 1e9;
    }
  }

  private record RunTimedOut(long runNumber) {}

  private static final Duration READY_POLL = Duration.ofMillis(10);

  /**
   * The guardian of a benchmark system: spawns the node and the driver, and passes the control
   * messages (Run, AwaitReady) on to the driver. The driver is not the guardian itself because
   * Pekko wraps a guardian in an interceptor, which would cost every answer a little.
   */
  static Behavior<Object> guardian(Function<ActorContext<Object>, Node> spawnNode) {
    return Behaviors.setup(ctx -> {
      Node node = spawnNode.apply(ctx);
      ActorRef<Object> driver = ctx.spawn(Behaviors.setup(dctx -> new Driver(dctx, node)), "driver");
      return Behaviors.receiveMessage(control -> {
        driver.tell(control);
        return Behaviors.same();
      });
    });
  }

  private final Node node;
  private final ActorRef<Object> self;
  private CompletableFuture<Void> ready;

  // The batch under way.
  private Run run;
  private long runNumber;
  private Target target;
  private long nextId;
  private int released; // requests the answers so far let go, not sent yet
  private long answered;
  private long rejected;
  private long duplicates;
  private BitSet seen;
  private RunLateness lateness; // null in an untimed run
  private long firstSendNanos;
  private long allSentNanos;
  private long lastAnswerNanos;
  private long cpuAtStart;

  private Driver(ActorContext<Object> ctx, Node node) {
    super(ctx);
    this.node = node;
    this.self = ctx.getSelf();
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder().onAnyMessage(this::onMessage).build();
  }

  private Behavior<Object> onMessage(Object msg) {
    // Answers first: they are nearly every message this actor gets.
    if (msg instanceof JobDone done) {
      onAnswer(done.jobId(), true, -1, stamp());
      sendReleased();
    } else if (msg instanceof Echo.Answer echo) { // the rows over echo routees
      onAnswer(echo.id(), true, -1, stamp());
      sendReleased();
    } else if (msg instanceof JobsDone batch) { // workers fed straight (the floors): job ids are request ids
      long now = stamp();
      for (int i = 0; i < batch.size(); i++) onAnswer(batch.jobIds()[i], batch.failure(i) == null, -1, now);
      sendReleased();
    } else if (msg instanceof ResponseBatch batch) {
      long now = stamp(); // one clock reading for answers that came together
      long[] ids = batch.requestIds();
      long[] millis = batch.elapsedMillis();
      for (int i = 0; i < ids.length; i++) onAnswer(ids[i], true, millis[i], now);
      sendReleased();
    } else if (msg instanceof Response response) {
      onAnswer(response.requestId(), true, response.elapsedMillis(), stamp());
      sendReleased();
    } else if (msg instanceof Reply other) { // Rejected, or HandBack from a stopping broker
      onAnswer(other.requestId(), false, -1, stamp());
      sendReleased();
    } else if (msg instanceof Run r) {
      onRun(r);
    } else if (msg instanceof RunTimedOut t) {
      if (run != null && t.runNumber() == runNumber) finish();
    } else if (msg instanceof AwaitReady r) {
      ready = r.ready();
      checkReady(null);
    } else if (msg instanceof Stats stats) {
      checkReady(stats);
    }
    return this;
  }

  private void checkReady(Stats stats) {
    if (ready == null) return;
    if (node.broker() == null
        || (stats != null && stats.routableWorkers() >= node.workers())) {
      ready.complete(null);
      ready = null;
    } else {
      // Workers register with the Receptionist asynchronously; ask the broker again shortly.
      getContext().scheduleOnce(READY_POLL, node.broker(), new GetStats(self.narrow()));
    }
  }

  private void onRun(Run r) {
    if (run != null) {
      r.done().completeExceptionally(new IllegalStateException("a batch is already running"));
      return;
    }
    target = node.targets().get(r.target());
    if (target == null) {
      r.done().completeExceptionally(new IllegalArgumentException("no target " + r.target()));
      return;
    }
    run = r;
    runNumber++;
    nextId = 1;
    answered = rejected = duplicates = 0;
    seen = new BitSet(r.requests() + 1);
    boolean timed = r.expectedNanos() >= 0;
    // Sized for the run's timeout up front: an auto-resizing histogram grows on the first large value,
    // code the warm-ups' short jobs never ran, and the JIT threw the driver's compiled code away mid-burst.
    long latenessCapMicros = Math.max(2, r.timeout().toNanos() / 1000);
    lateness = timed ? new RunLateness(r.expectedNanos(), r.timeScale(), latenessCapMicros, target instanceof Target.ToBrokers) : null;
    getContext().scheduleOnce(r.timeout(), self, new RunTimedOut(runNumber));
    cpuAtStart = CpuTime.processNanos();
    firstSendNanos = System.nanoTime();
    allSentNanos = 0;
    released = Math.min(r.window(), r.requests());
    sendReleased();
    if (r.requests() == 0) finish();
  }

  /** Sends the requests the last answers released (the first window at the start), in one go. */
  private void sendReleased() {
    if (run == null || released == 0) return;
    // In chunks of a batch's size, each stamped as it leaves, so a burst's last requests are not stamped early.
    for (int n; released > 0; released -= n) {
      n = Math.min(released, SubmitBatch.MAX_SIZE);
      long first = nextId;
      nextId += n;
      if (lateness != null) lateness.sent(first, n, System.nanoTime());
      target.send(first, n, run.sizeMillis(), self);
    }
    if (nextId > run.requests()) allSentNanos = System.nanoTime();
  }

  /** The clock for an answer: untimed runs (every path alike) read it only at their end. */
  private long stamp() {
    return lateness != null ? System.nanoTime() : 0;
  }

  /** @param now when it came (stamp()), 0 in an untimed run */
  private void onAnswer(long id, boolean ok, long brokerElapsedMillis, long now) {
    if (run == null || id < 1 || id >= nextId) return; // an answer from a batch that timed out
    if (seen.get((int) id)) {
      duplicates++;
      return;
    }
    seen.set((int) id);
    if (ok) answered++;
    else rejected++;
    if (lateness != null) {
      lastAnswerNanos = now;
      lateness.answered(id, now, brokerElapsedMillis);
    }
    if (nextId + released <= run.requests()) released++;
    if (answered + rejected == run.requests()) {
      lastAnswerNanos = now != 0 ? now : System.nanoTime();
      finish();
    }
  }

  private void finish() {
    // A batch cut short by its timeout ends now (untimed) or at its last answer (timed).
    if (lastAnswerNanos < firstSendNanos) lastAnswerNanos = System.nanoTime();
    Run r = run;
    run = null;
    released = 0;
    target = null;
    seen = null;
    r.done().complete(new RunResult(r.requests(), answered, rejected, duplicates, firstSendNanos,
        allSentNanos, lastAnswerNanos, CpuTime.processNanos() - cpuAtStart, lateness == null ? null : lateness.client(),
        lateness == null ? null : lateness.broker()));
  }
}
