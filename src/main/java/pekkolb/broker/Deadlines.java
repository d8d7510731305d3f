package pekkolb.broker;

import java.util.ArrayList;
import java.util.List;
import pekkolb.LbSettings;

/**
 * The broker's clocks: how long a request may wait for a worker, and the per-job deadline that is
 * the backstop for a worker that vanished without the broker hearing of it.
 */
final class Deadlines {
  private final LbSettings settings;
  private final long marginNanos;
  private final long pendingTimeoutNanos;
  private long nextScan = Long.MIN_VALUE;

  Deadlines(LbSettings settings) {
    this.settings = settings;
    this.marginNanos = settings.scaledNanos(settings.jobDeadlineMargin());
    this.pendingTimeoutNanos = settings.scaledNanos(settings.pendingTimeout());
  }

  /** When a job dispatched now falls due: its expected duration plus the margin; 0 if deadlines are off. */
  long deadline(AcceptedRequest r, long now) {
    return marginNanos > 0 ? now + expectedNanos(r) + marginNanos : 0;
  }

  private long expectedNanos(AcceptedRequest r) {
    // As settings.scaledNanos(Duration.ofMillis(...)), without allocating a Duration per dispatch.
    return r.sizeMillis >= 0
        ? (long) (r.sizeMillis * 1_000_000L * settings.timeScale())
        : settings.scaledNanos(settings.jobDuration(r.appType));
  }

  /** Removes and returns the waiting requests that waited too long. */
  List<AcceptedRequest> waitedTooLong(Jobs jobs, long now) {
    List<AcceptedRequest> expired = new ArrayList<>();
    while (jobs.oldestWaiting() != null && now - jobs.oldestWaiting().submittedNanos >= pendingTimeoutNanos) {
      expired.add(jobs.nextWaiting());
    }
    return expired;
  }

  String waitedTooLongReason() {
    return "no worker became available within " + settings.pendingTimeout().toSeconds() + " s";
  }

  /**
   * Jobs unanswered past their deadline. Scans only when the earliest deadline may have passed; a
   * job dispatched later cannot fall due before now + margin.
   */
  List<AcceptedRequest> overdue(Jobs jobs, long now) {
    if (marginNanos <= 0 || now < nextScan) return List.of();
    long earliest = now + marginNanos;
    List<AcceptedRequest> overdue = new ArrayList<>();
    for (AcceptedRequest r : jobs.inFlight()) {
      if (r.deadlineNanos <= now) overdue.add(r);
      else if (r.deadlineNanos < earliest) earliest = r.deadlineNanos;
    }
    nextScan = earliest;
    return overdue;
  }
}
