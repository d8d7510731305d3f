package pekkolb.router;

/**
 * At most a share of requests may spend one extra dispatch (a retry, a hedge), as Finagle's
 * RetryBudget: every request deposits {@code share} of a token, up to {@code burst} tokens (it starts
 * full, so a quiet balancer may still retry a few); each extra dispatch takes a whole token.
 */
final class ShareBudget {
  private final double share;
  private final double burst;
  private double tokens;
  private long spent;
  private long refused;

  ShareBudget(double share, int burst) {
    this.share = share;
    this.burst = burst;
    this.tokens = burst;
  }

  void deposit() {
    tokens = Math.min(burst, tokens + share);
  }

  /** Takes a token if there is one; false (counted) if the budget is spent. */
  boolean trySpend() {
    if (tokens < 1 - 1e-9) { // ten deposits of 0.1 make a token, rounding aside
      refused++;
      return false;
    }
    tokens = Math.max(0, tokens - 1);
    spent++;
    return true;
  }

  long spent() {
    return spent;
  }

  long refused() {
    return refused;
  }
}
