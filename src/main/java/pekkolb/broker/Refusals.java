package pekkolb.broker;

import pekkolb.LbSettings;
import pekkolb.router.Failure;

/** The words a client gets for a request the broker's balancer could not serve, naming the setting that decided. */
final class Refusals {
  private final LbSettings settings;

  Refusals(LbSettings settings) {
    this.settings = settings;
  }

  String text(Failure f) {
    String worker = "worker " + f.routee();
    return switch (f.reason()) {
      case OVERLOADED -> "overloaded: " + settings.maxInFlight() + " requests already in flight (lb.broker.max-in-flight)";
      case NO_ROUTEE -> "no workers available and the waiting buffer is full (" + settings.pendingBuffer() + " requests)";
      case NO_ROOM_IN_TIME -> "no worker had room in its window within " + settings.pendingTimeout().toSeconds() + " s";
      case NO_ROUTEE_IN_TIME -> "no worker became available within " + settings.pendingTimeout().toSeconds() + " s";
      case NO_REPLY -> "no answer from " + f.routee() + " within its deadline" + afterAttempts(f);
      case ROUTEE_LOST -> worker + " was lost" + afterAttempts(f);
      case ROUTEE_FAILED -> worker + " failed" + afterAttempts(f);
      case STOPPED -> "broker stopped";
    };
  }

  /** Why it was not tried again: attempts used up, or nobody else to try. */
  private String afterAttempts(Failure f) {
    return f.attempts() >= settings.maxAttempts()
        ? "; gave up after " + f.attempts() + " attempt(s) (lb.broker.max-attempts)"
        : " and no other worker is available";
  }
}
