package pekkolb.broker;

import java.util.ArrayList;
import java.util.List;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerState;
import pekkolb.protocol.WorkerStats;
import pekkolb.router.BalancerCore;
import pekkolb.router.Routee;

/** The broker's accounting as the {@link Stats} it answers to GetStats: workers that said hello, in worker-number order. */
final class StatsView {
  private StatsView() {}

  static Stats of(BalancerCore<Origin> core) {
    List<WorkerStats> stats = new ArrayList<>();
    for (Routee r : core.routees()) {
      if (!(r.attachment() instanceof WorkerLink w) || !r.ready()) continue;
      stats.add(new WorkerStats(r.name(), state(r), r.inFlight(), w.dispatchedByType[AppType.LONG.ordinal()],
          w.dispatchedByType[AppType.SHORT.ordinal()], r.completed(), r.slots()));
    }
    return new Stats(List.copyOf(stats), core.inFlight(), core.waitingCount(), core.hedged(), core.hedgesWon());
  }

  private static WorkerState state(Routee r) {
    return switch (r.state()) {
      case ROUTABLE -> WorkerState.ROUTABLE;
      case UNREACHABLE -> WorkerState.UNREACHABLE;
      case LEFT -> WorkerState.DEREGISTERED;
    };
  }
}
