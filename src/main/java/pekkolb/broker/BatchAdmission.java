package pekkolb.broker;

import java.util.ArrayList;
import java.util.List;
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.SubmitBatch;
import pekkolb.routing.RoutingStrategy;
import pekkolb.routing.Strategies;

/**
 * Takes on a run of a client's {@link SubmitBatch} (entries that ask for the same app type, approach
 * and size) in one go when its requests can go straight to workers: the run is checked once, and
 * each request then costs only the strategy's pick and the numbers that record it: no request object
 * filled, the metrics counted once per worker. What it cannot take (no room left, or what needs more
 * per request: queue mode, hedging, prequal's probes, ejection at work, logged jobs) goes one by one.
 */
final class BatchAdmission {
  private final LbSettings settings;
  private final Strategies strategies;
  private final Admission admission;
  private final Membership workers;
  private final Jobs jobs;
  private final Deadlines deadlines;
  private final Outbox outbox;
  private final Resilience resilience;
  private final List<WorkerEntry> sentTo = new ArrayList<>();

  BatchAdmission(LbSettings settings, Strategies strategies, Admission admission, Membership workers, Jobs jobs,
      Deadlines deadlines, Outbox outbox, Resilience resilience) {
    this.settings = settings;
    this.strategies = strategies;
    this.admission = admission;
    this.workers = workers;
    this.jobs = jobs;
    this.deadlines = deadlines;
    this.outbox = outbox;
    this.resilience = resilience;
  }

  /**
   * Dispatches entries {@code from ..} of {@code b} (a run up to {@code to}: see {@link Admission#runEnd})
   * as jobs {@code firstJobId, firstJobId + 1, ..}; returns how many it took, from the first on.
   */
  int take(SubmitBatch b, int from, int to, Outbox.ClientAnswers client, long firstJobId, long now) {
    List<WorkerEntry> open = workers.open(); // kept current in place as windows fill
    if (settings.logJobs() || open.isEmpty() || jobs.oldestWaiting() != null) return 0;
    long size = b.sizeMillis()[from];
    if (size != (int) size || !admission.acceptsKind(b.appTypes()[from], b.approaches()[from], size)) return 0;
    AppType type = admission.type();
    Approach approach = admission.approach();
    if (LateBinding.isFor(approach) || !resilience.dispatchesPlainly(approach) || resilience.candidates(open, now) != open) {
      return 0;
    }
    RoutingStrategy strategy = strategies.get(approach);
    long expected = admission.expectedNanos();
    long kinds = PackedJobs.kinds(size, 1, approach, type);
    long[] requestIds = b.requestIds();
    int count = Math.min(to - from, settings.maxInFlight() - jobs.held());
    int taken = 0;
    for (; taken < count && !open.isEmpty(); taken++) {
      WorkerEntry w = open.get(strategy.select(open));
      double own = expected / w.speed();
      long jobId = firstJobId + taken;
      jobs.dispatchedFirst(jobId, requestIds[from + taken], kinds, expected, own, client, w, now, deadlines.deadline(own, w, now));
      outbox.send(w, jobId, 1, type, size);
      if (w.dispatchedInRun++ == 0) sentTo.add(w);
    }
    for (WorkerEntry w : sentTo) {
      w.metrics.dispatched(type.wireName(), approach.wireName(), w.dispatchedInRun);
      w.dispatchedInRun = 0;
    }
    sentTo.clear();
    resilience.dispatchedPlainly(taken);
    return taken;
  }
}
