package pekkolb.routing;

import java.util.List;

/**
 * Picks one worker for a job. Plain Java, one fresh instance per broker and approach, called only
 * from the broker's actor (so no locking). The list is non-empty, in {@link WorkerOrder} (Worker-2 before Worker-10),
 * and holds only workers that may take new jobs.
 */
public interface RoutingStrategy {

  /** Returns the index in {@code workers} of the worker that gets the next job. */
  int select(List<? extends WorkerLoad> workers);

  /** Called whenever the set of routable workers changes, before the next select. */
  default void workersChanged(List<? extends WorkerLoad> workers) {}
}
