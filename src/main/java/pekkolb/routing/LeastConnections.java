package pekkolb.routing;

import java.util.List;

/**
 * Picks the worker with the lowest {@link WorkerLoad#load()}. The scan starts one place further
 * each time, so ties are broken in rotation rather than always falling to the first worker.
 */
public final class LeastConnections implements RoutingStrategy {
  private long turn;

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    int n = workers.size();
    int start = (int) (turn++ % n);
    int best = start;
    int bestLoad = workers.get(start).load();
    for (int k = 1; k < n && bestLoad > 0; k++) {
      int i = start + k;
      if (i >= n) i -= n;
      int load = workers.get(i).load();
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }
}
