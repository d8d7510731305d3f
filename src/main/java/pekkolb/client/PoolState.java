package pekkolb.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A client's bookkeeping of brokers, without actors: each broker's window and what it holds, a
 * bounded queue for the rest, and the requests still owed an answer. Every send gets its own wire
 * id, so an answer names the exact send it belongs to: the first answer of a request wins, any later
 * one is a counted duplicate. {@code B} is a broker reference, {@code T} what the caller sent.
 */
final class PoolState<B, T> {
  /** Send this request to this broker under this wire id. */
  record Send<B, T>(B broker, long wireId, PendingRequest<T> request) {}
  enum Kind { ANSWER, DUPLICATE, HANDED_BACK, NO_BROKER_LEFT, STALE }
  /** What an answer from a broker means for the caller: ANSWER is the one to pass on. */
  record Outcome<T>(Kind kind, PendingRequest<T> request) {}

  private record Sent<B, T>(PendingRequest<T> request, BrokerSlot<B> slot) {}
  /** When the send {@code wire} of a request is given up on. */
  private record Deadline<T>(PendingRequest<T> request, long wire, long atNanos) {}

  private final int queueLimit;
  private final long timeoutNanos; // how long a send waits for its answer
  private final long queueTimeoutNanos; // how long a request may wait in the queue for room at a broker
  private final Map<B, BrokerSlot<B>> slots = new LinkedHashMap<>();
  private final List<BrokerSlot<B>> order = new ArrayList<>();
  private int rotation;
  private final ArrayDeque<PendingRequest<T>> queue = new ArrayDeque<>();
  private int queued;
  private final ArrayDeque<Deadline<T>> deadlines = new ArrayDeque<>(); // in send order, so in deadline order
  private int owedLive;
  private final Map<Long, Sent<B, T>> sent = new HashMap<>();
  private long nextWire = 1;
  long resubmitted;
  long duplicates;
  long handedBack;

  PoolState(int queueLimit, long timeoutNanos, long queueTimeoutNanos) {
    this.queueLimit = queueLimit;
    this.timeoutNanos = timeoutNanos;
    this.queueTimeoutNanos = queueTimeoutNanos;
  }

  /**
   * The listing: {@code reachable} (getServiceInstances) and {@code all} (also unreachable ones).
   * Returns brokers new to the pool, which must be sent a Connect. One listed but unreachable is
   * lost: what it held goes back to the queue. One gone from both left the listing (draining): it
   * gets nothing new, and its answers are awaited until {@link #unlistedTooLong} gives up on it.
   */
  List<B> listed(Collection<B> reachable, Collection<B> all, long now) {
    Set<B> up = new HashSet<>(reachable);
    Set<B> known = new HashSet<>(all);
    for (BrokerSlot<B> s : new ArrayList<>(order)) {
      if (up.contains(s.ref)) s.unlistedSince = -1;
      else if (known.contains(s.ref)) lose(s);
      else if (s.unlistedSince < 0) s.unlistedSince = now;
    }
    List<B> added = new ArrayList<>();
    for (B b : reachable) {
      if (!slots.containsKey(b)) {
        BrokerSlot<B> s = new BrokerSlot<>(b);
        slots.put(b, s);
        order.add(s);
        added.add(b);
      }
    }
    return added;
  }

  /** Gives up on brokers out of the listing for {@code graceNanos}: what they still hold is re-submitted. */
  void unlistedTooLong(long now, long graceNanos) {
    for (BrokerSlot<B> s : new ArrayList<>(order)) if (s.unlistedSince >= 0 && now - s.unlistedSince >= graceNanos) lose(s);
  }

  /** The broker granted this window; ignored for a broker no longer listed. */
  void connected(B broker, int window) {
    BrokerSlot<B> s = slots.get(broker);
    if (s != null) s.window = Math.max(1, window);
  }

  /** Listed brokers whose Connected has not arrived yet (to ask again). */
  List<B> unconnected() {
    return order.stream().filter(s -> s.window == 0 && s.unlistedSince < 0).map(s -> s.ref).toList();
  }

  int connectedBrokers() {
    return (int) order.stream().filter(BrokerSlot::usable).count();
  }

  private void lose(BrokerSlot<B> s) {
    s.live = false;
    slots.remove(s.ref);
    order.remove(s);
    List<PendingRequest<T>> back = new ArrayList<>();
    for (long wire : s.outstanding) {
      PendingRequest<T> r = sent.get(wire).request;
      if (r.done) sent.remove(wire);
      else if (r.currentWire == wire) back.add(r); // kept in `sent`: its late answer may still win
    }
    s.outstanding.clear();
    for (int i = back.size() - 1; i >= 0; i--) requeueFirst(back.get(i));
    resubmitted += back.size();
  }

  /** A new request, queued till the next {@link #pump}; null when beyond the brokers' room and the queue (reject it now). */
  PendingRequest<T> accept(T payload, long now) {
    if (queued >= queueLimit && queued >= queueLimit + room()) return null; // room() only once the queue alone is full
    PendingRequest<T> r = new PendingRequest<>(payload, now);
    r.queued = true;
    queue.addLast(r);
    queued++;
    owedLive++;
    return r;
  }

  /**
   * Moves queued requests to brokers with room in their window: fewest outstanding, ties in
   * rotation. Each send's deadline starts {@code now}.
   */
  List<Send<B, T>> pump(long now) {
    List<Send<B, T>> sends = new ArrayList<>();
    while (queued > 0) {
      BrokerSlot<B> slot = pick();
      if (slot == null) break;
      rotation = (order.indexOf(slot) + 1) % order.size();
      PendingRequest<T> r = queue.pollFirst();
      if (!r.queued) continue; // answered or timed out while waiting
      r.queued = false;
      queued--;
      long wire = nextWire++;
      r.currentWire = wire;
      r.wires.add(wire);
      slot.outstanding.add(wire);
      sent.put(wire, new Sent<>(r, slot));
      deadlines.addLast(new Deadline<>(r, wire, now + timeoutNanos));
      sends.add(new Send<>(slot.ref, wire, r));
    }
    return sends;
  }

  /** Requests the usable brokers' windows can take now. */
  private int room() {
    return order.stream().filter(BrokerSlot::usable).mapToInt(s -> Math.max(0, s.window - s.outstanding.size())).sum();
  }

  private BrokerSlot<B> pick() {
    BrokerSlot<B> best = null;
    int n = order.size();
    for (int i = 0; i < n; i++) {
      BrokerSlot<B> s = order.get((rotation + i) % n);
      if (!s.usable() || s.outstanding.size() >= s.window) continue;
      if (best == null || s.outstanding.size() < best.outstanding.size()) best = s;
    }
    return best;
  }

  /** A broker's reply to the send {@code wireId}; a hand-back puts the request back in the queue. */
  Outcome<T> reply(long wireId, boolean handBack, String reason) {
    Sent<B, T> s = sent.remove(wireId);
    if (s != null && s.slot.live) s.slot.outstanding.remove(wireId);
    if (s == null || s.request.done) {
      duplicates++;
      return new Outcome<>(Kind.DUPLICATE, s == null ? null : s.request);
    }
    PendingRequest<T> r = s.request;
    if (handBack) {
      s.slot.draining = true;
      if (r.currentWire != wireId) return new Outcome<>(Kind.STALE, r); // it already went elsewhere
      r.lastHandBack = reason;
      handedBack++;
      // No other broker listed to re-submit it to: waiting would outlast a stopping node, so it ends now.
      if (order.stream().noneMatch(o -> !o.draining && o.unlistedSince < 0)) {
        finish(r);
        return new Outcome<>(Kind.NO_BROKER_LEFT, r);
      }
      requeueFirst(r);
      return new Outcome<>(Kind.HANDED_BACK, r);
    }
    finish(r);
    return new Outcome<>(Kind.ANSWER, r);
  }

  /**
   * Requests given up on, now finished: each must get a timeout rejection. A send unanswered past
   * its deadline frees its place in the broker's window (a late answer is a counted duplicate), so a
   * stuck broker cannot hold the queue. A queued request times out after the queue timeout, or
   * after the send timeout while no broker can take it.
   */
  List<PendingRequest<T>> expired(long now) {
    List<PendingRequest<T>> out = new ArrayList<>();
    while (!deadlines.isEmpty() && deadlines.peekFirst().atNanos() <= now) {
      Deadline<T> d = deadlines.pollFirst();
      PendingRequest<T> r = d.request();
      if (r.done || r.queued || r.currentWire != d.wire()) continue; // answered, or back in the queue, or sent again
      Sent<B, T> s = sent.get(d.wire());
      if (s != null && s.slot.live) s.slot.outstanding.remove(d.wire());
      finish(r);
      out.add(r);
    }
    boolean noBroker = connectedBrokers() == 0;
    for (Iterator<PendingRequest<T>> it = queue.iterator(); it.hasNext(); ) {
      PendingRequest<T> r = it.next();
      long waited = now - r.startNanos;
      if (!r.queued) {
        it.remove(); // finished while it waited
      } else if (waited >= queueTimeoutNanos || (noBroker && waited >= timeoutNanos)) {
        r.expiredInQueue = !noBroker;
        finish(r);
        it.remove();
        out.add(r);
      } else if (!noBroker) {
        break; // oldest first: the rest waited less
      }
    }
    return out;
  }

  private void requeueFirst(PendingRequest<T> r) {
    r.queued = true;
    queue.addFirst(r);
    queued++;
  }

  private void finish(PendingRequest<T> r) {
    r.done = true;
    owedLive--;
    if (r.queued) queued--;
    r.queued = false;
    for (long wire : r.wires) {
      Sent<B, T> s = sent.get(wire);
      if (s != null && !s.slot.live) sent.remove(wire); // a lost broker's answer will be a plain duplicate
    }
  }

  /** Whether the broker is in the pool: listed, or out of the listing but still awaited. */
  boolean holds(B broker) { return slots.containsKey(broker); }

  int queued() { return queued; }
  int owed() { return owedLive; }

  /** Requests sent to this broker and not answered by it yet. */
  int outstandingAt(B broker) { return slots.containsKey(broker) ? slots.get(broker).outstanding.size() : 0; }
}
