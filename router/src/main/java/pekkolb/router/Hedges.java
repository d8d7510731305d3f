package pekkolb.router;

import java.util.Arrays;

/**
 * When a request of a hedged lane gets its second copy ({@link Hedging}): after the quantile of
 * recent latencies, each taken relative to its request's expected work (so requests of different
 * sizes share one measure), and only while the budget allows.
 */
final class Hedges {
  private static final int KEEP = 512; // recent latencies kept
  private static final int RECOMPUTE_EVERY = 64; // replies between two sorts of the recent ones; none is hedged before the first
  /** The unit a latency is taken in when its request has no expected work. */
  private static final long NO_WORK_UNIT = 1_000_000;

  private final double quantile;
  private final ShareBudget budget;
  private final double[] recent = new double[KEEP];
  private long seen;
  private double quantileRatio;
  private long hedged;
  private long copiesWon;

  /** @param burst tokens the budget holds at most (as the retry budget's) */
  Hedges(Hedging settings, int burst) {
    this.quantile = settings == null ? 1 : settings.quantile();
    this.budget = new ShareBudget(settings == null ? 0 : settings.budget(), burst);
  }

  private static double unit(long expectedNanos) {
    return expectedNanos > 0 ? expectedNanos : NO_WORK_UNIT;
  }

  /** A hedged lane's request was answered {@code latencyNanos} after it went out. */
  void replied(long latencyNanos, long expectedNanos) {
    recent[(int) (seen % KEEP)] = latencyNanos / unit(expectedNanos);
    seen++;
    if (seen % RECOMPUTE_EVERY == 0) {
      double[] sorted = Arrays.copyOf(recent, (int) Math.min(seen, KEEP));
      Arrays.sort(sorted);
      quantileRatio = sorted[(int) Math.ceil(quantile * sorted.length) - 1];
    }
  }

  /** A hedged lane's request went out for the first time: the budget grows. */
  void requested() {
    budget.deposit();
  }

  /** After how many nanoseconds a request of this expected work is hedged; 0 = not known yet. */
  long delayNanos(long expectedNanos) {
    return (long) (quantileRatio * unit(expectedNanos));
  }

  /** Whether a copy may go out now (a token of the budget taken). */
  boolean mayHedge() {
    if (!budget.trySpend()) return false;
    hedged++;
    return true;
  }

  void copyWon() {
    copiesWon++;
  }

  long hedged() {
    return hedged;
  }

  long copiesWon() {
    return copiesWon;
  }
}
