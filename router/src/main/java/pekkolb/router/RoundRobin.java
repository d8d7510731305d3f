package pekkolb.router;

import java.util.List;

/** The routees in their stable order: 1, 2, 3, 1, ... The count of picks goes on as the list changes. */
final class RoundRobin implements Policy.Picker {
  private long picks;
  private int size; // of the list at the last pick
  private int next; // picks % size, kept as it goes: no division per pick unless the list's size changed

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    if (routees.size() != size) {
      size = routees.size();
      next = (int) (picks % size);
    }
    int pick = next;
    picks++;
    next = pick + 1 == size ? 0 : pick + 1;
    return pick;
  }
}
