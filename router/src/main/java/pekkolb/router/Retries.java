package pekkolb.router;

/**
 * How a balancer sends an idempotent request again: when its routee is lost, when it passes its
 * deadline unanswered, or when the routee replied that it failed through its own fault. Setting
 * these declares the requests idempotent: a request may then run more than once, and its caller gets
 * the first reply.
 *
 * @param maxAttempts dispatches of one request at most, the first included (1 to 63)
 * @param budget share of requests that may be retried after a routee's fault (a token bucket as
 *     Finagle's RetryBudget: each request adds this share of a token, a retry takes a whole one)
 * @param burst tokens the bucket holds at most (and starts with), so a quiet balancer may still retry
 *     a few; hedges draw on a bucket of the same size
 * @param overdueShare re-dispatches past a deadline in flight at once, as a share of the requests in
 *     flight: a fleet that is merely slow does not turn into a retry storm
 * @param overdueFloor ... but at least this many
 */
public record Retries(int maxAttempts, double budget, int burst, double overdueShare, int overdueFloor) {

  /** @throws IllegalArgumentException if a value is out of its range */
  public Retries {
    if (maxAttempts < 1 || maxAttempts > RequestTable.MAX_ATTEMPTS) throw new IllegalArgumentException("maxAttempts must be 1 to " + RequestTable.MAX_ATTEMPTS + ", got " + maxAttempts);
    if (!(budget >= 0 && budget <= 1)) throw new IllegalArgumentException("budget must be 0 to 1, got " + budget);
    if (burst < 0) throw new IllegalArgumentException("burst must be >= 0, got " + burst);
    if (!(overdueShare >= 0 && overdueShare <= 1)) throw new IllegalArgumentException("overdueShare must be 0 to 1, got " + overdueShare);
    if (overdueFloor < 0) throw new IllegalArgumentException("overdueFloor must be >= 0, got " + overdueFloor);
  }

  /** Three attempts; retries after a fault for at most a tenth of requests (100 tokens at most); past a deadline, a tenth of those in flight (at least 3). */
  public static Retries defaults() {
    return new Retries(3, 0.1, 100, 0.1, 3);
  }
}
