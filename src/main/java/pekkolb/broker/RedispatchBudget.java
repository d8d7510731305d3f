package pekkolb.broker;

import pekkolb.LbSettings;

/**
 * Bounds re-dispatches at the deadline, as Envoy and Linkerd bound retries: at most a fraction of
 * the jobs in flight may be such re-dispatches at once (with a small floor), so a fleet that is
 * merely slow does not turn into a retry storm. A request holds its token until it is answered;
 * an overdue job refused a token stays on its worker and asks again at the next sweep.
 */
final class RedispatchBudget {
  private final double ratio;
  private final int floor;
  private int active;
  private long granted;
  private long refused;

  RedispatchBudget(LbSettings.Dispatch settings) {
    this(settings.redispatchBudget(), settings.redispatchFloor());
  }

  RedispatchBudget(double ratio, int floor) {
    this.ratio = ratio;
    this.floor = floor;
  }

  /** Whether {@code r}, overdue, may go to another worker; it keeps a token it already holds. */
  boolean admit(AcceptedRequest r, int inFlight) {
    if (r.holdsRedispatchToken) return true;
    if (active >= Math.max(floor, (int) (ratio * inFlight))) {
      refused++;
      return false;
    }
    r.holdsRedispatchToken = true;
    active++;
    granted++;
    return true;
  }

  /** The request left the broker (answered or failed). */
  void released(AcceptedRequest r) {
    if (r.holdsRedispatchToken) {
      r.holdsRedispatchToken = false;
      active--;
    }
  }

  /** "3 re-dispatched at the deadline so far (1 in flight), 0 refused by the budget": for the log. */
  String describe() {
    return granted + " re-dispatched at the deadline so far (" + active + " in flight), " + refused + " refused by the budget";
  }
}
