package pekkolb.router;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * How a balancer picks a routee for a request, from what it knows of each ({@link RouteeLoad}). A
 * policy is a recipe: each balancer asks it for a {@link Picker} of its own, so one policy may serve
 * many balancers. {@link Policies} has the usual ones; a policy of your own is a lambda:
 * {@code random -> (routees, now) -> 0} always picks the first routee.
 */
@FunctionalInterface
public interface Policy {

  /** A new picker for one balancer, which calls it from its own actor only (no locking needed). */
  Picker newPicker(RandomGenerator random);

  /** Picks for one balancer; may keep state between picks (a rotation, scores). */
  @FunctionalInterface
  interface Picker {
    /**
     * The index in {@code routees} of the routee to send the next request to. The list is never
     * empty, holds only routees that may take a request now, and is in a stable order (by name, a
     * number in a name compared as a number: worker-2 before worker-10).
     */
    int pick(List<? extends RouteeLoad> routees, long nowNanos);

    /** Called whenever the routees that may take requests change, before the next pick. */
    default void routeesChanged(List<? extends RouteeLoad> routees) {}
  }
}
