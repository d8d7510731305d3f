package pekkolb.router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Smooth weighted round robin, the NGINX way: every pick, each routee's score grows by its weight; the
 * highest score wins and pays back the total weight. Over a cycle of (sum of weights) picks each
 * routee gets exactly its weight, interleaved rather than in bursts.
 */
final class WeightedRoundRobin implements Policy.Picker {
  private final ToIntFunction<ActorRef<?>> weightOf;
  private final Map<ActorRef<?>, Integer> weights = new HashMap<>();
  private long[] current = new long[0];
  private int[] weight = new int[0];
  private List<? extends RouteeLoad> known = List.of();

  WeightedRoundRobin(ToIntFunction<ActorRef<?>> weightOf) {
    this.weightOf = weightOf;
  }

  @Override
  public void routeesChanged(List<? extends RouteeLoad> routees) {
    // Each surviving routee keeps its score, so a change of members does not restart the cycle.
    Map<ActorRef<?>, Long> previous = new HashMap<>();
    for (int i = 0; i < known.size(); i++) previous.put(known.get(i).ref(), current[i]);
    current = new long[routees.size()];
    weight = new int[routees.size()];
    for (int i = 0; i < routees.size(); i++) {
      ActorRef<?> ref = routees.get(i).ref();
      current[i] = previous.getOrDefault(ref, 0L);
      weight[i] = weights.computeIfAbsent(ref, this::weightOf);
    }
    known = List.copyOf(routees);
  }

  private int weightOf(ActorRef<?> ref) {
    int w = weightOf.applyAsInt(ref);
    if (w < 1) throw new IllegalArgumentException("weight of " + ref.path().name() + " must be >= 1, got " + w);
    return w;
  }

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    if (routees.size() != current.length) routeesChanged(routees); // a subset: a retry avoiding a routee
    int best = 0;
    long total = 0;
    for (int i = 0; i < current.length; i++) {
      current[i] += weight[i];
      total += weight[i];
      if (current[i] > current[best]) best = i;
    }
    current[best] -= total;
    return best;
  }
}
