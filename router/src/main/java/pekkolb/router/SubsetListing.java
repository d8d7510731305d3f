package pekkolb.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The routees a balancer takes from the Receptionist's listing: all of them, or with a subset size
 * ({@link BalancerSettings#withSubset}) its share of them, worked out from the balancers listed as its
 * peers ({@link Subsets}); before it knows its peers, none.
 */
final class SubsetListing {
  private final int size; // 0: every routee listed
  private final Function<ActorRef<?>, String> identity;
  private Set<? extends ActorRef<?>> listedReachable = Set.of();
  private Set<? extends ActorRef<?>> listedAll = Set.of();
  private List<String> peers; // null until told
  private String self;
  private Set<ActorRef<?>> mine = Set.of();
  private Set<ActorRef<?>> reachable = Set.of();

  SubsetListing(int size, Function<ActorRef<?>, String> identity) {
    this.size = size;
    this.identity = identity;
  }

  /** A new listing: {@code reachable} routees and {@code all} (unreachable ones too). */
  void listed(Set<? extends ActorRef<?>> reachable, Set<? extends ActorRef<?>> all) {
    listedReachable = reachable;
    listedAll = all;
    reshare();
  }

  /**
   * The balancers over the same routees, {@code self} among them; false if that changes nothing here
   * (no subset is asked for).
   */
  boolean peers(Collection<? extends ActorRef<?>> balancers, ActorRef<?> self) {
    List<String> ids = new ArrayList<>(balancers.size());
    for (ActorRef<?> b : balancers) ids.add(identity.apply(b));
    this.peers = ids;
    this.self = identity.apply(self);
    if (size == 0) return false;
    reshare();
    return true;
  }

  private void reshare() {
    if (size == 0) return;
    Map<String, ActorRef<?>> byIdentity = new HashMap<>();
    for (ActorRef<?> ref : listedAll) byIdentity.put(identity.apply(ref), ref);
    Set<ActorRef<?>> share = new HashSet<>();
    if (peers != null) {
      for (String id : Subsets.of(size, peers, self, byIdentity.keySet())) share.add(byIdentity.get(id));
    }
    mine = share;
    Set<ActorRef<?>> shareReachable = new HashSet<>();
    for (ActorRef<?> ref : listedReachable) if (share.contains(ref)) shareReachable.add(ref);
    reachable = shareReachable;
  }

  /** The routees to route to that are reachable. */
  Set<? extends ActorRef<?>> reachable() {
    return size == 0 ? listedReachable : reachable;
  }

  /** The routees to route to, unreachable ones too. */
  Set<? extends ActorRef<?>> all() {
    return size == 0 ? listedAll : mine;
  }

  /** Listed, but out of this balancer's share. */
  boolean outOfShare(ActorRef<?> ref) {
    return size > 0 && listedAll.contains(ref) && !mine.contains(ref);
  }
}
