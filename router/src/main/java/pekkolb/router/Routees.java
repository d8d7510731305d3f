package pekkolb.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Which routees a balancer knows, which of them take new requests, and which have room: from the
 * Receptionist's listings (a group) or from the balancer's own children (a pool), and from watching
 * each. Keeps the lists in {@link RouteeOrder}, and each routee's number in the request table (small,
 * given back when the routee is gone). It decides; the balancer acts on what it returns.
 */
final class Routees {
  private final BalancerSettings settings;
  private final LongSupplier clock;
  private final Map<ActorRef<?>, Routee> known = new HashMap<>();
  private final List<Routee> routable = new ArrayList<>();
  private final List<Routee> open = new ArrayList<>();
  private Routee[] byNumber = new Routee[16]; // 0 is never given
  private int[] freeNumbers = new int[16];
  private int freeCount;
  private int nextNumber = 1;

  /** @param clock what reports are timed on (the balancer's) */
  Routees(BalancerSettings settings, LongSupplier clock) {
    this.settings = settings;
    this.clock = clock;
  }

  Routee get(ActorRef<?> ref) {
    return known.get(ref);
  }

  Routee byNumber(int number) {
    return byNumber[number];
  }

  /** Routees that may take a new request, in order; never modify. */
  List<Routee> routable() {
    return routable;
  }

  /** Routable routees where this balancer's requests are below the routee's limit: what policies pick from; never modify. */
  List<Routee> open() {
    return open;
  }

  /** Every known routee, whatever its state, in order. */
  List<Routee> all() {
    List<Routee> all = new ArrayList<>(known.values());
    all.sort(RouteeOrder.ROUTEES);
    return all;
  }

  /** A routee not known before (found in a listing, or a pool's child). */
  Routee add(ActorRef<?> ref, long nowNanos) {
    Routee r = new Routee(ref, settings.latencyDecay().toNanos(), settings.reportedLoad() ? clock : null, nowNanos);
    r.number = number(r);
    if (!settings.readyWhenTold()) r.capacity(0, 1.0, 0);
    r.capLimit(settings.maxInFlightPerRoutee());
    known.put(ref, r);
    return r;
  }

  private int number(Routee r) {
    int n = freeCount > 0 ? freeNumbers[--freeCount] : nextNumber++;
    if (n > 0xFFFF) throw new IllegalStateException("more than 65,535 routees at once");
    if (n == byNumber.length) byNumber = Arrays.copyOf(byNumber, n * 2);
    byNumber[n] = r;
    return n;
  }

  /**
   * Applies a listing: {@code reachable} routees and {@code all} of them (unreachable ones too). Adds
   * those not known before (returned in {@code joined}) and sets each known one's state; returns those
   * whose state changed.
   */
  List<Routee> listed(Set<? extends ActorRef<?>> reachable, Set<? extends ActorRef<?>> all, List<Routee> joined, long nowNanos) {
    for (ActorRef<?> ref : all) {
      if (!known.containsKey(ref)) joined.add(add(ref, nowNanos));
    }
    List<Routee> changed = new ArrayList<>();
    for (Routee r : known.values()) {
      RouteeState next = reachable.contains(r.ref()) ? RouteeState.ROUTABLE
          : all.contains(r.ref()) ? RouteeState.UNREACHABLE
          : RouteeState.LEFT;
      if (next == r.state) continue;
      r.state = next;
      changed.add(r);
    }
    rebuild();
    return changed;
  }

  /** The routee said what it is. */
  void capacity(Routee r, int slots, double speed, int limit) {
    r.capacity(slots, speed, limit);
    r.capLimit(settings.maxInFlightPerRoutee());
    rebuild();
  }

  /** Forgets a routee that stopped, once its requests were taken back; returns it, or null if not known. */
  Routee remove(ActorRef<?> ref) {
    Routee r = known.remove(ref);
    if (r == null) return null;
    r.state = RouteeState.LEFT;
    byNumber[r.number] = null;
    if (freeCount == freeNumbers.length) freeNumbers = Arrays.copyOf(freeNumbers, freeCount * 2);
    freeNumbers[freeCount++] = r.number;
    rebuild();
    return r;
  }

  /** After a request went to {@code r} or left it; returns whether {@link #open()} changed (its limit filled or freed). */
  boolean loadChanged(Routee r) {
    if (r.hasRoom() == r.listedOpen) return false;
    rebuildOpen();
    return true;
  }

  /** Rebuilds both lists; the policies must be told of {@link #open()} afterwards. */
  void rebuild() {
    routable.clear();
    for (Routee r : known.values()) if (r.state == RouteeState.ROUTABLE && r.ready) routable.add(r);
    routable.sort(RouteeOrder.ROUTEES);
    rebuildOpen();
  }

  private void rebuildOpen() {
    open.clear();
    for (Routee r : known.values()) r.listedOpen = false;
    for (Routee r : routable) {
      r.listedOpen = r.hasRoom();
      if (r.listedOpen) open.add(r);
    }
  }

  /** Known routees in the listing that have not said what they are yet (a greeting may be lost on its way). */
  List<Routee> notReady() {
    List<Routee> waiting = new ArrayList<>();
    for (Routee r : known.values()) if (!r.ready && r.state == RouteeState.ROUTABLE) waiting.add(r);
    return waiting;
  }
}
