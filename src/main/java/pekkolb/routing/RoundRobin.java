package pekkolb.routing;

import java.util.List;

/** Visits the workers in {@link WorkerOrder}: 1, 2, 3, 1, ... The rotation survives joins and leaves. */
public final class RoundRobin implements RoutingStrategy {
  private long next;

  @Override
  public int select(List<? extends WorkerLoad> workers) {
    return (int) (next++ % workers.size());
  }
}
