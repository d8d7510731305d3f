package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import pekkolb.LbSettings;
import pekkolb.logging.LogBudget;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;

/**
 * How a broker tells callers and its log what became of a request: a {@link Response} for a job
 * done, a {@link Rejected} with its reason, and the job log of who got what. Rejections are logged
 * within a budget, so an overload does not turn into a flood of log lines.
 */
final class Answers {
  private final LbSettings settings;
  private final Logger log;
  private final BrokerMetrics metrics;
  private final Membership workers;
  private final Outbox outbox;
  private final LogBudget rejectionLog = new LogBudget(10, System::nanoTime);

  Answers(LbSettings settings, Logger log, BrokerMetrics metrics, Membership workers, Outbox outbox) {
    this.settings = settings;
    this.log = log;
    this.metrics = metrics;
    this.workers = workers;
    this.outbox = outbox;
  }

  void dispatched(AcceptedRequest r, WorkerEntry w) {
    w.metrics.dispatched(r.appType.wireName(), r.approach.wireName());
    if (settings.logJobs()) {
      log.info("job {} {} {} -> {}{} (in flight: {})", r.jobId, r.appType.wireName(), r.approach.wireName(), w.name,
          r.attempt > 1 ? " (attempt " + r.attempt + ")" : "", workers.loads());
    }
  }

  /** The job is done at {@code w}: feeds its latency and answers the caller. */
  void respond(AcceptedRequest r, WorkerEntry w, long now) {
    w.latency().observe(now - r.dispatchedNanos, now);
    w.metrics.completed(r.approach.wireName(), now - r.submittedNanos);
    long elapsedMillis = elapsedMillis(now - r.submittedNanos);
    if (r.batchTo != null) outbox.answer(r.batchTo, r.requestId, w.name, r.appType.wireName(), r.approach.wireName(), elapsedMillis);
    else r.replyTo.tell(new Response(r.requestId, w.name, r.appType.wireName(), r.approach.wireName(), elapsedMillis));
    if (settings.logJobs()) log.info("job {} done by {} in {} ms (in flight: {})", r.jobId, w.name, elapsedMillis, workers.loads());
  }

  /** The time a request took, as its answer tells it: in unscaled milliseconds. */
  long elapsedMillis(long nanos) {
    return millis(nanos, settings.timeScale());
  }

  /** {@code nanos} at {@code timeScale} in unscaled milliseconds, rounded as {@link Math#round(double)} does. */
  static long millis(long nanos, double timeScale) {
    // Unscaled (nearly always), in integers: two double divisions were a sixth of what an answer cost.
    if (timeScale == 1.0 && nanos >= 0) return (nanos + 500_000) / 1_000_000;
    return Math.round(nanos / timeScale / 1_000_000.0);
  }

  /** A request that cannot be served here: handed back if this broker is stopping (another may serve it), else rejected. */
  void fail(AcceptedRequest r, String reason, boolean stopping) {
    if (stopping) r.replyTo.tell(new HandBack(r.requestId, "broker stopping: " + reason));
    else reject(r.replyTo, r.requestId, reason);
  }

  void reject(ActorRef<Reply> replyTo, long requestId, String reason) {
    String note = rejectionLog.admit();
    if (note != null) log.info("rejected request {}: {}{}", requestId, reason, note);
    metrics.rejected(reason);
    replyTo.tell(new Rejected(requestId, reason));
  }
}
