package pekkolb.broker;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import pekkolb.LbSettings;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.WorkerHello;

/**
 * What the broker does about workers that fail or lag, in one place so the broker calls it in a
 * few lines: which workers a job may go to ({@link Ejection}), a retry elsewhere after a worker's
 * fault (once, within the retry budget), hedges ({@link Hedging}), and prequal's load probes.
 */
final class Resilience {
  private static final int ANSWERED_PLAINLY = (1 << Approach.values().length) - 1 & ~(1 << Approach.HEDGED_LEAST_CONNECTIONS.ordinal());

  private final LbSettings settings;
  private final Deadlines deadlines;
  private final Jobs jobs;
  private final RedispatchBudget redispatches;
  private final ActorContext<BrokerMessage> ctx;
  private final Ejection ejection;
  private final ShareBudget retries;
  private final Hedging hedging;
  private final SplittableRandom random;
  private final LongSupplier nextJobId;

  /** @param nextJobId hands out the broker's next job id (a hedge's copy is a job of its own) */
  Resilience(LbSettings settings, Deadlines deadlines, Jobs jobs, RedispatchBudget redispatches,
      ActorContext<BrokerMessage> ctx, LongSupplier nextJobId) {
    this.settings = settings;
    this.deadlines = deadlines;
    this.jobs = jobs;
    this.redispatches = redispatches;
    this.ctx = ctx;
    this.nextJobId = nextJobId;
    this.random = new SplittableRandom(settings.routingSeed().orElse(System.nanoTime()) + 31);
    this.ejection = new Ejection(settings.resilience().ejection(), settings.timeScale(), random.split(), ctx.getLog()::warn);
    this.retries = new ShareBudget(settings.resilience().retryBudget(), settings.resilience().retryBurst());
    this.hedging = new Hedging(new ShareBudget(settings.resilience().hedgeBudget(), settings.resilience().retryBurst()));
  }

  /** The workers a job may go to: see {@link Ejection#candidates}; {@code r.worker} is the one it leaves, if any. */
  List<WorkerEntry> candidates(List<WorkerEntry> open, AcceptedRequest r, long now) {
    return ejection.candidates(open, r.worker, now);
  }

  /** The workers a first attempt may go to. */
  List<WorkerEntry> candidates(List<WorkerEntry> open, long now) {
    return ejection.candidates(open, null, now);
  }

  /**
   * Whether a first dispatch of {@code approach} asks nothing of this but a deposit (no hedge to
   * time, no probe to send): then a run of a batch may go out with {@link #dispatchedPlainly} once.
   */
  boolean dispatchesPlainly(Approach approach) {
    return approach != Approach.HEDGED_LEAST_CONNECTIONS && !(approach == Approach.PREQUAL && settings.dispatch().reportedLoad());
  }

  /**
   * The approaches (a bit per ordinal) whose answers ask nothing of this (no ejection to feed, no
   * hedge to time or twin to settle): none while ejection is on. See {@link #answered}.
   */
  int answeredPlainly() {
    return ejection.enabled() ? 0 : ANSWERED_PLAINLY;
  }

  /** After {@code count} first dispatches of approaches that {@link #dispatchesPlainly} went out. */
  void dispatchedPlainly(int count) {
    retries.deposit(count);
  }

  /** After {@code r} went out: budgets grow with first dispatches, a hedge is timed, prequal probes a stale report. */
  void dispatched(AcceptedRequest r, List<WorkerEntry> open, long now) {
    if (r.attempt != 1 || r.race != null) return; // a retry, a re-dispatch or a hedge's copy
    retries.deposit();
    if (r.approach == Approach.HEDGED_LEAST_CONNECTIONS) {
      hedging.requested();
      long delay = hedging.delayNanos(r.appType);
      if (delay > 0) ctx.scheduleOnce(Duration.ofNanos(delay), ctx.getSelf(), new Hedging.Due(r.jobId, r.attempt));
    } else if (r.approach == Approach.PREQUAL && settings.dispatch().reportedLoad()) {
      probeIfStale(open.get(random.nextInt(open.size())), now);
    }
  }

  /** A report older than the worker's latency counts jobs that may have ended: ask again (the hello's answer has the load). */
  private void probeIfStale(WorkerEntry w, long now) {
    long stale = Math.max(1_000_000L, (long) w.latency().estimate(now));
    if (now - w.reportedAtNanos() > stale && now - w.probedAt > stale) {
      w.probedAt = now;
      w.ref.tell(new WorkerHello(ctx.getSelf().narrow()));
    }
  }

  /**
   * An answer for {@code r}, already off its worker: feeds ejection and the hedge timings. Returns
   * true if it goes to the caller; false if it was put first in line for another worker (a worker's
   * fault, within the retry budget) or is a hedge copy's failure while its twin still runs.
   */
  boolean answered(AcceptedRequest r, boolean failed, boolean workerFault, long now) {
    long latency = now - r.dispatchedNanos;
    if (ejection.enabled()) ejection.answered(r.worker, latency / Math.max(1_000_000.0, r.expectedNanosAt(r.worker)), workerFault, now);
    // Only the hedged approach reads the p95, so only its answers feed it (a sort per 64: not on every path).
    if (!failed && r.approach == Approach.HEDGED_LEAST_CONNECTIONS) hedging.observe(r.appType, latency);
    if (r.race != null) {
      Hedging.Race race = r.race;
      AcceptedRequest twin = race.twinOf(r);
      boolean twinRuns = jobs.inFlight(twin.jobId) == twin;
      twin.race = r.race = null; // from here on each is alone
      if (failed && twinRuns) return false; // the twin may yet succeed
      if (twinRuns) {
        hedging.won(race, r);
        abandon(twin);
      }
    }
    if (workerFault && !r.retriedAfterFault && r.attempt < settings.maxAttempts() && retries.trySpend()) {
      r.retriedAfterFault = true;
      jobs.awaitAgain(r); // first in line: the broker's settle() sends it to another worker
      return false;
    }
    return true;
  }

  /** Second copies sent so far. */
  long hedged() {
    return hedging.hedged();
  }

  /** Second copies that answered before their first. */
  long hedgesWon() {
    return hedging.copiesWon();
  }

  /** The twin of a hedged request's winner comes off the books: its answer, when it comes, is ignored as a late one. */
  private void abandon(AcceptedRequest twin) {
    redispatches.released(twin);
    jobs.takeBack(twin);
    jobs.forget(twin);
  }

  /** A hedged request fell due: if it still runs on its first dispatch, its copy is put first in line for another worker. */
  void hedge(Hedging.Due due, int openWorkers) {
    AcceptedRequest r = jobs.inFlight(due.jobId());
    if (r == null || r.attempt != due.attempt()) return; // answered or re-dispatched: no job id spent
    AcceptedRequest copy = hedging.copyFor(due, r, openWorkers, nextJobId.getAsLong());
    if (copy != null) jobs.awaitAgain(copy);
  }
}
