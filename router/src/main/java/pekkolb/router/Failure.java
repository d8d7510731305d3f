package pekkolb.router;

/**
 * Why a balancer could not serve a request: what a failure reply is made from
 * ({@code withFailureReply}).
 *
 * @param reason what went wrong
 * @param routee the name of the routee involved ({@link Reason#NO_REPLY}, {@link Reason#ROUTEE_LOST}); null otherwise
 * @param attempts dispatches the request had (0 if it never went out)
 */
public record Failure(Reason reason, String routee, int attempts) {

  /** Why a request could not be served. */
  public enum Reason {
    /** The balancer holds as many requests as it may (in flight and waiting): back-pressure. */
    OVERLOADED,
    /** No routee is known and the requests waiting for one fill what may wait. */
    NO_ROUTEE,
    /** It waited the longest a request may wait while every routee was at its limit. */
    NO_ROOM_IN_TIME,
    /** It waited the longest a request may wait and no routee came. */
    NO_ROUTEE_IN_TIME,
    /** Its routee did not reply by the deadline, and it may not (or may no more) be sent elsewhere. */
    NO_REPLY,
    /** Its routee stopped or became unreachable, and it may not (or may no more) be sent elsewhere. */
    ROUTEE_LOST,
    /** Its routee replied that it failed through its own fault (a reason to try another; see {@link BalancerCore.Outcome}). */
    ROUTEE_FAILED,
    /** The balancer stopped while it held the request. */
    STOPPED
  }

  /** One line for people. */
  public String message() {
    String tried = attempts > 1 ? " after " + attempts + " attempts" : "";
    return switch (reason) {
      case OVERLOADED -> "overloaded: too many requests held";
      case NO_ROUTEE -> "no routee available, and too many requests wait for one";
      case NO_ROOM_IN_TIME -> "no routee had room for it in time";
      case NO_ROUTEE_IN_TIME -> "no routee became available in time";
      case NO_REPLY -> "no reply from " + routee + " by the deadline" + tried;
      case ROUTEE_LOST -> "routee " + routee + " was lost" + tried;
      case ROUTEE_FAILED -> "routee " + routee + " failed" + tried;
      case STOPPED -> "the balancer stopped";
    };
  }
}
