package pekkolb.broker;

import java.util.ArrayList;
import java.util.List;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerStats;

/** The broker's accounting as the {@link Stats} it answers to GetStats: workers in worker-number order. */
final class StatsView {
  private StatsView() {}

  static Stats of(Membership workers, Jobs jobs, Resilience resilience) {
    List<WorkerStats> stats = new ArrayList<>();
    for (WorkerEntry w : workers.all()) {
      stats.add(new WorkerStats(w.name, w.state, w.inFlight(), w.dispatchedByType[AppType.LONG.ordinal()],
          w.dispatchedByType[AppType.SHORT.ordinal()], w.completed, w.slots()));
    }
    return new Stats(List.copyOf(stats), jobs.inFlightCount(), jobs.waitingCount(), resilience.hedged(), resilience.hedgesWon());
  }
}
