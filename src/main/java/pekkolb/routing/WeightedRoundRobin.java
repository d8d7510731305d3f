package pekkolb.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Smooth weighted round robin, the NGINX way: every pick, each worker's current score grows by its
 * weight; the highest score wins and pays back the total weight. Over a cycle of (sum of weights)
 * picks each worker gets exactly its weight, interleaved rather than in bursts (weights 5,1,1 give
 * a a b a c a a, not a a a a a b c).
 */
public final class WeightedRoundRobin implements RoutingStrategy {
  private long[] current = new long[0];
  private List<? extends WorkerLoad> known = List.of();

  @Override
  public void workersChanged(List<? extends WorkerLoad> workers) {
    // Keep each surviving worker's score so a membership change does not restart the cycle.
    Map<String, Long> previous = new HashMap<>();
    for (int i = 0; i < known.size(); i++) previous.put(known.get(i).name(), current[i]);
    long[] next = new long[workers.size()];
    for (int i = 0; i < workers.size(); i++) next[i] = previous.getOrDefault(workers.get(i).name(), 0L);
    current = next;
    known = List.copyOf(workers);
  }

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    if (workers.size() != current.length) workersChanged(workers);
    int best = 0;
    long total = 0;
    for (int i = 0; i < current.length; i++) {
      int weight = workers.get(i).weight();
      current[i] += weight;
      total += weight;
      if (current[i] > current[best]) best = i;
    }
    current[best] -= total;
    return best;
  }
}
