package pekkolb.routing;

import java.util.List;

/**
 * Picks the worker with the lowest {@link WorkerLoad#load()}. The scan starts one place further
 * each time, so ties are broken in rotation rather than always falling to the first worker.
 * Several brokers each start their rotation somewhere else: started alike and fed requests in turn,
 * they would scan in lockstep and all pick the same idle-looking worker.
 */
public final class LeastConnections implements RoutingStrategy {
  private long turn;

  public LeastConnections() {
    this(0);
  }

  /** @param firstTurn where the rotation starts (a broker's strategies draw it at random) */
  public LeastConnections(long firstTurn) {
    if (firstTurn < 0) throw new IllegalArgumentException("firstTurn must be >= 0, got " + firstTurn);
    this.turn = firstTurn;
  }

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
