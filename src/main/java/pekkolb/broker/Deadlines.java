package pekkolb.broker;

import java.util.ArrayList;
import java.util.List;
import pekkolb.LbSettings;

/**
 * The broker's clocks: how long a request may wait for a worker, and the per-job deadline that is
 * the backstop for a worker that vanished without the broker hearing of it. A slow worker is not a
 * dead one: the deadline allows for the worker's speed, the jobs queued ahead of this one behind its
 * slots and its observed latency, times lb.broker.job-deadline-factor.
 */
final class Deadlines {
  private final LbSettings settings;
  private final long marginNanos;
  private final long pendingTimeoutNanos;
  private final double factor;
  private final long longestTypeNanos;
  /** No job in flight falls due before this: the earliest deadline as of the last scan, lowered by each dispatch since. */
  private long nextScan = Long.MAX_VALUE;

  Deadlines(LbSettings settings) {
    this.settings = settings;
    this.marginNanos = settings.scaledNanos(settings.jobDeadlineMargin());
    this.pendingTimeoutNanos = settings.scaledNanos(settings.pendingTimeout());
    this.factor = settings.dispatch().deadlineFactor();
    this.longestTypeNanos = Math.max(settings.scaledNanos(settings.longJob()), settings.scaledNanos(settings.shortJob()));
  }

  /**
   * When a job dispatched now to {@code w} (before it counts there), expected to take {@code own}
   * nanoseconds there, falls due; 0 if deadlines are off. With slots, each job ahead at the worker is taken to be as long as the longest app type
   * (or this job, if longer): a backstop errs on the late side.
   */
  long deadline(double own, WorkerEntry w, long now) {
    if (marginNanos <= 0) return 0;
    double expected = own;
    if (w.slots() > 0) {
      long roundsAhead = w.load() / w.slots();
      expected += roundsAhead * Math.max(own, longestTypeNanos / w.speed());
    }
    expected = Math.max(expected, w.latency().lastEstimate()); // not decayed to now: a little later, no exp() per job
    long deadline = now + (long) (factor * expected) + marginNanos;
    nextScan = Math.min(nextScan, deadline); // the job goes out with it
    return deadline;
  }

  /** Removes and returns the waiting requests that waited too long. */
  List<AcceptedRequest> waitedTooLong(Jobs jobs, long now) {
    List<AcceptedRequest> expired = new ArrayList<>();
    while (jobs.oldestWaiting() != null && now - jobs.oldestWaiting().submittedNanos >= pendingTimeoutNanos) {
      expired.add(jobs.nextWaiting());
    }
    expired.addAll(jobs.queuedBy(now - pendingTimeoutNanos));
    return expired;
  }

  /** @param workersListed whether there are workers, all with their windows full */
  String waitedTooLongReason(boolean workersListed) {
    return (workersListed ? "no worker had room in its window within " : "no worker became available within ")
        + settings.pendingTimeout().toSeconds() + " s";
  }

  /** An overdue job was left where it is (no re-dispatch budget): scan again at the next sweep. */
  void recheckAtNextSweep() {
    nextScan = Long.MIN_VALUE;
  }

  /**
   * Jobs unanswered past their deadline. Scans only when the earliest deadline may have passed, so a
   * million jobs in flight are not walked at every sweep.
   */
  List<AcceptedRequest> overdue(Jobs jobs, long now) {
    if (marginNanos <= 0 || now < nextScan) return List.of();
    List<AcceptedRequest> overdue = new ArrayList<>();
    nextScan = jobs.dueBy(now, overdue);
    return overdue;
  }
}
