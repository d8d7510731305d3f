package pekkolb.broker;

import java.util.Arrays;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;

/**
 * Hedged requests (hedged_least_connections), as in "The Tail at Scale" (Dean and Barroso, 2013):
 * a job still unanswered after its app type's observed p95 latency gets a second copy on another
 * worker, within a budget (lb.broker.hedge-budget of the hedged requests). The first answer wins;
 * the other copy is abandoned: taken off the broker's books at once (no message can stop a job a
 * worker runs), its answer ignored as a late one, and counted. A copy that fails while its twin
 * still runs is ignored too, and the twin carries on alone.
 */
final class Hedging {
  /** Time to look at a hedged request again: if it is still on its first dispatch, a copy goes elsewhere. */
  record Due(long jobId, int attempt) implements BrokerMessage {}

  /** The two copies of one hedged request. */
  record Race(AcceptedRequest first, AcceptedRequest copy) {
    AcceptedRequest twinOf(AcceptedRequest r) {
      return r == first ? copy : first;
    }
  }

  private static final int KEEP = 512; // recent latencies kept per app type
  private static final int MIN_SEEN = 50; // before this many answers a type is not hedged
  private static final int RECOMPUTE_EVERY = 64;

  private final ShareBudget budget;
  private final long[][] recent = new long[AppType.values().length][KEEP];
  private final long[] seen = new long[AppType.values().length];
  private final long[] p95 = new long[AppType.values().length];
  private long hedged;
  private long copiesWon;

  Hedging(ShareBudget budget) {
    this.budget = budget;
  }

  /** A job of this type was answered {@code latencyNanos} after its dispatch. */
  void observe(AppType type, long latencyNanos) {
    int t = type.ordinal();
    recent[t][(int) (seen[t] % KEEP)] = latencyNanos;
    seen[t]++;
    if (seen[t] >= MIN_SEEN && seen[t] % RECOMPUTE_EVERY == 0) {
      long[] sorted = Arrays.copyOf(recent[t], (int) Math.min(seen[t], KEEP));
      Arrays.sort(sorted);
      p95[t] = sorted[(int) Math.ceil(0.95 * sorted.length) - 1];
    }
  }

  /** After how many nanoseconds a first dispatch of this type is hedged; 0 = not known yet. */
  long delayNanos(AppType type) {
    return p95[type.ordinal()];
  }

  /** A hedged request's first dispatch: it adds to the budget. */
  void requested() {
    budget.deposit();
  }

  /**
   * The copy to dispatch for a request that fell due, or null: answered or re-dispatched already,
   * hedged already, no second worker, or the budget is spent. {@code r} is the job in flight under
   * the due job id, or null.
   */
  AcceptedRequest copyFor(Due due, AcceptedRequest r, int openWorkers, long copyJobId) {
    if (r == null || r.attempt != due.attempt() || r.race != null || openWorkers < 2 || !budget.trySpend()) return null;
    AcceptedRequest copy = new AcceptedRequest(copyJobId, r.requestId, r.appType, r.approach, r.sizeMillis, r.replyTo,
        r.batchTo, r.submittedNanos, r.expectedNanos);
    copy.race = r.race = new Race(r, copy);
    copy.worker = r.worker; // so the copy goes elsewhere
    hedged++;
    return copy;
  }

  /** {@code r} answered its request first; its twin is abandoned. */
  void won(Race race, AcceptedRequest r) {
    if (r == race.copy()) copiesWon++;
  }

  long hedged() {
    return hedged;
  }

  long copiesWon() {
    return copiesWon;
  }
}
