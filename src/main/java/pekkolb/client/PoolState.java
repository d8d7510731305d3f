package pekkolb.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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

  /** One request owed an answer; it keeps its first deadline across re-submissions. */
  static final class Request<T> {
    final T payload;
    final long startNanos;
    final long deadlineNanos;
    private long currentWire = -1;
    private final List<Long> wires = new ArrayList<>(2);
    private boolean queued;
    private boolean done;
    String lastHandBack;

    Request(T payload, long startNanos, long deadlineNanos) {
      this.payload = payload;
      this.startNanos = startNanos;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** Send this request to this broker under this wire id. */
  record Send<B, T>(B broker, long wireId, Request<T> request) {}

  enum Kind { ANSWER, DUPLICATE, HANDED_BACK, STALE }

  /** What an answer from a broker means for the caller: ANSWER is the one to pass on. */
  record Outcome<T>(Kind kind, Request<T> request) {}

  private static final class Slot<B> {
    final B ref;
    int window; // 0 until the broker's Connected arrives
    boolean live = true;
    boolean draining; // it handed a request back: no new ones
    final Set<Long> outstanding = new LinkedHashSet<>();

    Slot(B ref) {
      this.ref = ref;
    }
  }

  private record Sent<B, T>(Request<T> request, Slot<B> slot) {}

  private final int queueLimit;
  private final long timeoutNanos;
  private final Map<B, Slot<B>> slots = new LinkedHashMap<>();
  private final List<Slot<B>> order = new ArrayList<>();
  private int rotation;
  private final ArrayDeque<Request<T>> queue = new ArrayDeque<>();
  private int queued;
  private final ArrayDeque<Request<T>> owed = new ArrayDeque<>(); // deadline order: one timeout for all
  private int owedLive;
  private final Map<Long, Sent<B, T>> sent = new HashMap<>();
  private long nextWire = 1;
  long resubmitted;
  long duplicates;
  long handedBack;

  PoolState(int queueLimit, long timeoutNanos) {
    this.queueLimit = queueLimit;
    this.timeoutNanos = timeoutNanos;
  }

  // ---- brokers -------------------------------------------------------------------------------

  /**
   * The brokers routable now (the listing's reachable instances). Returns those new to the pool,
   * which must be sent a Connect; those gone are lost, and what they held goes back to the queue.
   */
  List<B> listed(Collection<B> now) {
    Set<B> current = new HashSet<>(now);
    for (Slot<B> s : new ArrayList<>(order)) if (!current.contains(s.ref)) lose(s);
    List<B> added = new ArrayList<>();
    for (B b : now) {
      if (!slots.containsKey(b)) {
        Slot<B> s = new Slot<>(b);
        slots.put(b, s);
        order.add(s);
        added.add(b);
      }
    }
    return added;
  }

  /** The broker granted this window; ignored for a broker no longer listed. */
  void connected(B broker, int window) {
    Slot<B> s = slots.get(broker);
    if (s != null) s.window = Math.max(1, window);
  }

  /** Listed brokers whose Connected has not arrived yet (to ask again). */
  List<B> unconnected() {
    return order.stream().filter(s -> s.window == 0).map(s -> s.ref).toList();
  }

  int connectedBrokers() {
    return (int) order.stream().filter(s -> s.window > 0 && !s.draining).count();
  }

  private void lose(Slot<B> s) {
    s.live = false;
    slots.remove(s.ref);
    order.remove(s);
    List<Request<T>> back = new ArrayList<>();
    for (long wire : s.outstanding) {
      Request<T> r = sent.get(wire).request;
      if (r.done) sent.remove(wire);
      else if (r.currentWire == wire) back.add(r); // kept in `sent`: its late answer may still win
    }
    s.outstanding.clear();
    for (int i = back.size() - 1; i >= 0; i--) requeueFirst(back.get(i));
    resubmitted += back.size();
  }

  // ---- requests ------------------------------------------------------------------------------

  /** A new request; null when no broker has room and the queue is full (the caller must be told at once). */
  Request<T> accept(T payload, long now) {
    if (queued >= queueLimit && pick() == null) return null;
    Request<T> r = new Request<>(payload, now, now + timeoutNanos);
    r.queued = true;
    queue.addLast(r);
    queued++;
    owed.addLast(r);
    owedLive++;
    return r;
  }

  /** Moves queued requests to brokers with room in their window: fewest outstanding, ties in rotation. */
  List<Send<B, T>> pump() {
    List<Send<B, T>> sends = new ArrayList<>();
    while (queued > 0) {
      Slot<B> slot = pick();
      if (slot == null) break;
      rotation = (order.indexOf(slot) + 1) % order.size();
      Request<T> r = queue.pollFirst();
      if (!r.queued) continue; // answered or timed out while waiting
      r.queued = false;
      queued--;
      long wire = nextWire++;
      r.currentWire = wire;
      r.wires.add(wire);
      slot.outstanding.add(wire);
      sent.put(wire, new Sent<>(r, slot));
      sends.add(new Send<>(slot.ref, wire, r));
    }
    return sends;
  }

  private Slot<B> pick() {
    Slot<B> best = null;
    int n = order.size();
    for (int i = 0; i < n; i++) {
      int index = (rotation + i) % n;
      Slot<B> s = order.get(index);
      if (s.window == 0 || s.draining || s.outstanding.size() >= s.window) continue;
      if (best == null || s.outstanding.size() < best.outstanding.size()) best = s;
    }
    return best;
  }

  /** A broker's reply to the send {@code wireId}; a hand-back puts the request back in the queue. */
  Outcome<T> reply(long wireId, boolean handBack, String reason) {
    Sent<B, T> s = sent.remove(wireId);
    if (s == null) {
      duplicates++;
      return new Outcome<>(Kind.DUPLICATE, null);
    }
    if (s.slot.live) s.slot.outstanding.remove(wireId);
    Request<T> r = s.request;
    if (r.done) {
      duplicates++;
      return new Outcome<>(Kind.DUPLICATE, r);
    }
    if (handBack) {
      s.slot.draining = true;
      if (r.currentWire != wireId) return new Outcome<>(Kind.STALE, r); // it already went elsewhere
      r.lastHandBack = reason;
      handedBack++;
      requeueFirst(r);
      return new Outcome<>(Kind.HANDED_BACK, r);
    }
    finish(r);
    return new Outcome<>(Kind.ANSWER, r);
  }

  /** Requests whose deadline has passed, now finished: each must get a timeout rejection. */
  List<Request<T>> expired(long now) {
    List<Request<T>> out = new ArrayList<>();
    while (!owed.isEmpty() && (owed.peekFirst().done || owed.peekFirst().deadlineNanos <= now)) {
      Request<T> r = owed.pollFirst();
      if (r.done) continue;
      finish(r);
      out.add(r);
    }
    return out;
  }

  private void requeueFirst(Request<T> r) {
    r.queued = true;
    queue.addFirst(r);
    queued++;
  }

  private void finish(Request<T> r) {
    r.done = true;
    owedLive--;
    if (r.queued) {
      r.queued = false;
      queued--;
    }
    for (long wire : r.wires) {
      Sent<B, T> s = sent.get(wire);
      if (s != null && !s.slot.live) sent.remove(wire); // a lost broker's answer will be a plain duplicate
    }
  }

  // ---- figures -------------------------------------------------------------------------------

  int queued() { return queued; }

  int owed() { return owedLive; }

  /** Requests sent to this broker and not answered by it yet. */
  int outstandingAt(B broker) {
    Slot<B> s = slots.get(broker);
    return s == null ? 0 : s.outstanding.size();
  }
}
