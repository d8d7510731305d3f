package pekkolb.router;

import java.util.List;

/**
 * The routee with the lowest {@link RouteeLoad#load()}. The scan starts one place further each time,
 * so ties are broken in rotation rather than always falling to the first routee.
 */
final class LeastConnections implements Policy.Picker {
  private long turn;

  /** @param firstTurn where the rotation starts */
  LeastConnections(long firstTurn) {
    if (firstTurn < 0) throw new IllegalArgumentException("firstTurn must be >= 0, got " + firstTurn);
    this.turn = firstTurn;
  }

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    int n = routees.size();
    int start = (int) (turn++ % n);
    int best = start;
    int bestLoad = routees.get(start).load();
    for (int k = 1; k < n && bestLoad > 0; k++) {
      int i = start + k;
      if (i >= n) i -= n;
      int load = routees.get(i).load();
      if (load < bestLoad) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }
}
