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
 * filled, the counts and metrics per worker added once per run. What it cannot take (no room left, or what needs more
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

  /** Where an entry goes that its run could not take: the broker's one-by-one path. */
  interface OneByOne {
    void take(int entry);
  }

  /**
   * Takes on every entry of {@code b}: each run of alike entries (see {@link Admission#runEnd}) in one
   * go as far as it can go straight to workers (never with {@code inOneGo} false: a stopping broker),
   * the rest {@code oneByOne}, in the batch's order.
   */
  void takeAll(SubmitBatch b, Outbox.ClientAnswers client, long now, boolean inOneGo, OneByOne oneByOne) {
    for (int from = 0, end; from < b.size(); from = end) {
      end = Admission.runEnd(b, from);
      int taken = inOneGo ? take(b, from, end, client, now) : 0;
      for (int i = from + taken; i < end; i++) oneByOne.take(i);
    }
  }

  /** Dispatches entries {@code from ..} of {@code b}, a run up to {@code to}; returns how many it took, from the first on. */
  private int take(SubmitBatch b, int from, int to, Outbox.ClientAnswers client, long now) {
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
    long firstJobId = jobs.nextJobId();
    int taken = 0;
    for (; taken < count && !open.isEmpty(); taken++) {
      WorkerEntry w = open.get(strategy.select(open));
      // A job of the run costs the same at a worker, and falls due at the same time there unless jobs queue behind slots.
      if (w.dispatchedInRun == 0) w.ownInRun = expected / w.speed();
      if (w.dispatchedInRun == 0 || w.slots() > 0) w.deadlineInRun = deadlines.deadline(w.ownInRun, w, now);
      long jobId = firstJobId + taken;
      jobs.dispatchedFirst(jobId, requestIds[from + taken], kinds, expected, w.ownInRun, client, w, now, w.deadlineInRun);
      outbox.send(w, jobId, 1, type, size);
      if (w.dispatchedInRun++ == 0) sentTo.add(w);
    }
    for (WorkerEntry w : sentTo) {
      w.dispatchedByType[type.ordinal()] += w.dispatchedInRun;
      w.metrics.dispatched(type.wireName(), approach.wireName(), w.dispatchedInRun);
      w.dispatchedInRun = 0;
    }
    sentTo.clear();
    jobs.newJobIds(taken);
    resilience.dispatchedPlainly(taken);
    return taken;
  }
}
