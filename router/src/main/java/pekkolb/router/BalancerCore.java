package pekkolb.router;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The whole of a balancer but its actor: which routees there are, which request goes where, what is
 * in flight, deadlines, budgets, ejection and hedging. Plain Java, driven by one actor (the
 * {@link LoadBalancer}'s, or one of your own that sends requests its own way, in batches say): the
 * actor tells it what happened (a request came, a routee replied, a listing changed, time passed)
 * and carries out what it decides through {@link Effects}. It never sends a message itself.
 *
 * <p>The path of one request: {@link #admit} takes it on and dispatches it at once if a routee has
 * room (a {@link Policy} picks which), or it waits; {@link Effects#dispatch} sends it; the routee's
 * reply comes back through {@link #replied}, which ends it there, lets waiting requests go out, and
 * hands the reply on with {@link Effects#answer}. Every request ends in exactly one answer or one
 * {@link Effects#fail}, unless the balancer {@link #releaseAll releases} it.
 *
 * @param <P> what the owner keeps with each request (the request itself, or where its reply goes)
 */
public final class BalancerCore<P> {

  /** What a balancer asks its actor to do. Called during the core's own calls, on the actor's thread. */
  public interface Effects<P> {
    /** Send {@code request} to {@code routee}; its reply must come back as {@link #replied}{@code (id, attempt, ...)}. */
    void dispatch(Routee routee, long id, int attempt, P request);

    /**
     * Request {@code id} is done: hand {@code reply} (what was passed to {@link #replied}) to its
     * caller. {@code elapsedNanos} runs from {@link #admit} to now. The core still holds the request
     * during this call ({@link #sequence} answers), and lets it go right after.
     */
    void answer(long id, P request, long tag, Object reply, Routee routee, long elapsedNanos);

    /** The request cannot be served: tell its caller. */
    void fail(P request, long tag, Failure failure);

    /** Call {@link #hedgeDue}{@code (id, attempt, ...)} after {@code delayNanos}. */
    void scheduleHedge(long id, int attempt, long delayNanos);

    /**
     * A routee was found, or has not said what it is yet ({@link BalancerSettings#withReadyWhenTold}):
     * watch it (to hear when it stops) and, if it says what it is, ask it. May come more than once.
     */
    void greet(Routee routee);

    /** Ask {@code routee} for a fresh load report (Prequal's probes, with reported load). */
    default void probe(Routee routee) {}

    /**
     * {@code routee} left this balancer's subset ({@link BalancerSettings#withSubset}) and owes it
     * nothing: it is forgotten. Stop watching it, and tell it so if it keeps anything for this balancer.
     */
    default void farewell(Routee routee) {}

    /**
     * A name for {@code ref} that every balancer gives it alike, on any node: subsetting places
     * routees and balancers by it. Its path by default, which is enough in one JVM; in a cluster, the
     * path with the node's address ({@code ref.path().toStringWithAddress(system.address())}).
     */
    default String identity(ActorRef<?> ref) {
      return ref.path().toString();
    }
  }

  /** What a routee's reply says of the request. */
  public enum Outcome {
    /** It was served: the reply goes to the caller. */
    DONE,
    /** It failed and would fail anywhere: the reply (saying so) goes to the caller. */
    FAILED,
    /** It failed through the routee's own fault: with {@link Retries} it may go to another routee once. */
    ROUTEE_FAULT
  }

  private final BalancerSettings settings;
  private final Effects<P> effects;
  private final BalancerListener<? super P> listener;
  private final Lane[] lanes;
  private final Policy.Picker[] pickers;
  private final Routees routees;
  private final RequestTable<P> table = new RequestTable<>();
  private final LongQueue waiting = new LongQueue(); // for room at any routee, oldest first; taken back ones first of all
  private final FreeSlotWaiting waitingForSlot;
  private final Deadlines deadlines;
  private final Retries retries; // null: not idempotent
  private final ShareBudget retryBudget;
  private final Hedges hedges;
  private final Ejection ejection;
  private final SplittableRandom random;
  private final long maxWaitNanos;
  private int overdueTokens; // re-dispatches past a deadline still in flight
  private long sequence;
  // Subsetting: the last listing, and the balancers sharing the routees (null until told).
  private final SubsetListing listing;

  /**
   * @param lanes how requests may be balanced; {@link #admit} names one by its index
   * @param clock what reports are timed on (System::nanoTime, or a test's)
   */
  public BalancerCore(BalancerSettings settings, List<Lane> lanes, Effects<P> effects, BalancerListener<? super P> listener,
      LongSupplier clock) {
    settings.check();
    if (lanes.isEmpty() || lanes.size() > RequestTable.MAX_LANES) {
      throw new IllegalArgumentException("a balancer needs 1 to " + RequestTable.MAX_LANES + " lanes, got " + lanes.size());
    }
    this.settings = settings;
    this.effects = effects;
    this.listing = new SubsetListing(settings.subset(), effects::identity);
    this.listener = listener;
    this.random = new SplittableRandom(settings.seed().orElseGet(System::nanoTime));
    this.lanes = lanes.toArray(Lane[]::new);
    this.pickers = new Policy.Picker[this.lanes.length];
    for (int i = 0; i < pickers.length; i++) pickers[i] = this.lanes[i].policy().newPicker(random.split());
    this.routees = new Routees(settings, clock);
    this.waitingForSlot = new FreeSlotWaiting(table, routees, settings.freeSlotQueue());
    this.deadlines = new Deadlines(settings);
    this.retries = settings.retries().orElse(null);
    int burst = retries == null ? 0 : retries.burst();
    this.retryBudget = new ShareBudget(retries == null ? 0 : retries.budget(), burst);
    this.hedges = new Hedges(settings.hedging().orElse(null), burst);
    this.ejection = new Ejection(settings.outlierEjection().orElse(null), random.split());
    this.maxWaitNanos = settings.maxWait().toNanos();
  }

  // ---- the path of a request ---------------------------------------------------------------------

  /**
   * Takes a request on: sends it to a routee now, or lets it wait for room. Returns null if it was
   * taken on (it will be answered or failed through the effects), else why not (nothing else happens).
   *
   * @param tag a number of the owner's, handed back with the answer (the caller's own request id, say)
   * @param lane the index of its {@link Lane}
   * @param expectedNanos the request's expected work at a routee of speed 1 (0: not known)
   */
  public Failure admit(P request, long tag, int lane, long expectedNanos, long nowNanos) {
    if (table.size() >= settings.maxHeld()) return refused(request, Failure.Reason.OVERLOADED);
    boolean waitsForSlot = lanes[lane].waitsForFreeSlot();
    boolean straightOn = !waitsForSlot && waiting.isEmpty() && !routees.open().isEmpty();
    if (!straightOn) {
      boolean none = routees.routable().isEmpty();
      if (waitingCount() >= (none ? settings.waitCapacityWithoutRoutees() : settings.waitCapacity())) {
        return refused(request, none ? Failure.Reason.NO_ROUTEE : Failure.Reason.OVERLOADED);
      }
    }
    deadlines.expected(expectedNanos);
    long id = table.add(request, tag, lane, expectedNanos, nowNanos, ++sequence);
    if (straightOn) {
      dispatch((int) id, nowNanos);
    } else {
      if (waitsForSlot) waitingForSlot.add(id);
      else waiting.add(id);
      settle(nowNanos);
    }
    return null;
  }

  private Failure refused(P request, Failure.Reason why) {
    Failure failure = new Failure(why, null, 0);
    listener.failed(request, failure);
    return failure;
  }

  /** Sends the request in {@code slot} to a routee with room (there is one), avoiding the one it last went to. */
  private void dispatch(int slot, long nowNanos) {
    int last = table.routee(slot);
    List<Routee> candidates = ejection.candidates(routees.open(), last == 0 ? null : routees.byNumber(last), nowNanos);
    int lane = table.lane(slot);
    Routee r = candidates.get(pickers[lane].pick(candidates, nowNanos));
    double own = table.expectedNanos(slot) / r.speed();
    table.dispatched(slot, r.number, nowNanos, deadlines.deadline(own, r, nowNanos));
    r.started(own, nowNanos);
    if (routees.loadChanged(r)) openChanged();
    P request = table.payload(slot);
    int attempt = table.attempt(slot);
    long id = table.id(slot);
    listener.dispatched(r, request);
    effects.dispatch(r, id, attempt, request);
    if (attempt == 1 && !table.has(slot, RequestTable.COPY)) firstDispatched(id, lane, nowNanos);
  }

  /** A request's first dispatch: the budgets grow, a hedge is timed, a stale report is asked again. */
  private void firstDispatched(long id, int lane, long nowNanos) {
    retryBudget.deposit();
    if (lanes[lane].hedged() && retries != null) {
      hedges.requested();
      long delay = hedges.delayNanos(table.expectedNanos((int) id));
      if (delay > 0) effects.scheduleHedge(id, 1, delay);
    }
    if (pickers[lane] instanceof Prequal && settings.reportedLoad()) probeIfStale(nowNanos);
  }

  /** A random routee whose last report is older than its latency is asked for a fresh one (Prequal's probes). */
  private void probeIfStale(long nowNanos) {
    List<Routee> open = routees.open();
    if (open.isEmpty()) return;
    Routee r = open.get(random.nextInt(open.size()));
    long stale = Math.max(1_000_000L, (long) r.latencyNanos(nowNanos));
    if (nowNanos - r.reportedAtNanos() > stale && nowNanos - r.probedAt > stale) {
      r.probedAt = nowNanos;
      effects.probe(r);
    }
  }

  /**
   * A routee replied to attempt {@code attempt} of request {@code id}. Returns false if the reply is
   * late (the request was answered, failed or sent elsewhere since): it is dropped. Otherwise the
   * request is off the routee and is answered with {@code reply}, or, for a routee's own fault, may go
   * to another routee once.
   *
   * @param load what the routee said it holds from every balancer once this reply was sent; -1 if it did not say
   */
  public boolean replied(long id, int attempt, Object reply, Outcome outcome, int load, long nowNanos) {
    int slot = table.slotOf(id);
    if (slot < 0 || !table.has(slot, RequestTable.IN_FLIGHT) || table.attempt(slot) != attempt) return false;
    Routee r = routees.byNumber(table.routee(slot));
    long latency = nowNanos - table.dispatchedNanos(slot);
    long expected = table.expectedNanos(slot);
    double own = expected / r.speed();
    r.ended(own, table.dispatchedNanos(slot), nowNanos);
    table.undispatched(slot);
    if (outcome == Outcome.DONE) r.replied(latency, nowNanos);
    if (load >= 0) r.reported(load, nowNanos);
    if (routees.loadChanged(r)) openChanged();
    if (ejection.enabled()) ejected(ejection.replied(r, latency / Math.max(1_000_000.0, own), outcome == Outcome.ROUTEE_FAULT, nowNanos));
    if (outcome == Outcome.DONE && lanes[table.lane(slot)].hedged()) hedges.replied(latency, expected);
    if (!settleTwin(slot, outcome == Outcome.DONE, nowNanos)) {
      finish(slot);
    } else if (outcome == Outcome.ROUTEE_FAULT && mayRetry(slot)) {
      table.set(slot, RequestTable.RETRIED, true);
      listener.takenBack(r, table.payload(slot), Failure.Reason.ROUTEE_FAILED);
      waitAgain(slot);
    } else {
      P request = table.payload(slot);
      long elapsed = nowNanos - table.submittedNanos(slot);
      if (outcome == Outcome.DONE) listener.replied(r, request, elapsed);
      effects.answer(id, request, table.tag(slot), reply, r, elapsed);
      finish(slot);
    }
    if (!waiting.isEmpty() || waitingForSlot.size() > 0) settle(nowNanos);
    return true;
  }

  /**
   * A reply for one copy of a hedged request (or for a request with no copy): whether it goes on to
   * its caller. The first success wins and the other copy is abandoned; a copy's failure while its twin
   * is still held is dropped, and the twin carries on alone.
   */
  private boolean settleTwin(int slot, boolean success, long nowNanos) {
    long twin = table.twin(slot);
    if (twin == 0) return true;
    table.twin(slot, 0);
    int twinSlot = table.slotOf(twin);
    if (twinSlot < 0) return true;
    table.twin(twinSlot, 0);
    if (!success) return false;
    if (table.has(slot, RequestTable.COPY)) hedges.copyWon();
    abandon(twinSlot, nowNanos);
    return true;
  }

  /** The losing copy of a hedged request comes off the books; its reply, if it comes, is dropped as late. */
  private void abandon(int slot, long nowNanos) {
    if (table.has(slot, RequestTable.IN_FLIGHT)) {
      Routee r = routees.byNumber(table.routee(slot));
      r.ended(table.expectedNanos(slot) / r.speed(), table.dispatchedNanos(slot), nowNanos);
      if (routees.loadChanged(r)) openChanged();
    } else if (lanes[table.lane(slot)].waitsForFreeSlot()) {
      waitingForSlot.remove(table.id(slot));
    } else {
      waiting.remove(table.id(slot));
    }
    finish(slot);
  }

  private boolean mayRetry(int slot) {
    return retries != null && !table.has(slot, RequestTable.RETRIED) && table.attempt(slot) < retries.maxAttempts()
        && retryBudget.trySpend();
  }

  /** Requests waiting for room go out, oldest first, while a routee has room. */
  private void settle(long nowNanos) {
    while (!waiting.isEmpty() && !routees.open().isEmpty()) dispatch((int) waiting.poll(), nowNanos);
    for (long id; (id = waitingForSlot.next(routees.open(), nowNanos)) != 0; ) dispatch((int) id, nowNanos);
  }

  /** A request back from its routee waits first in line for the next one with room. */
  private void waitAgain(int slot) {
    if (lanes[table.lane(slot)].waitsForFreeSlot()) waitingForSlot.addFirst(table.id(slot));
    else waiting.addFirst(table.id(slot));
  }

  /** The request in {@code slot} leaves the balancer (answered, failed or abandoned). */
  private void finish(int slot) {
    if (table.has(slot, RequestTable.OVERDUE_TOKEN)) overdueTokens--;
    table.remove(slot);
  }

  /** The request in {@code slot} cannot be served: its caller is told, unless the other copy of a hedged request carries on. */
  private void fail(int slot, Failure failure) {
    long twin = table.twin(slot);
    P request = table.payload(slot);
    long tag = table.tag(slot);
    finish(slot);
    int twinSlot = twin == 0 ? -1 : table.slotOf(twin);
    if (twinSlot >= 0) {
      table.twin(twinSlot, 0);
      return;
    }
    listener.failed(request, failure);
    effects.fail(request, tag, failure);
  }

  // ---- when a request cannot finish where it is --------------------------------------------------

  /** Takes the request in {@code slot} off its routee {@code from}, to send it elsewhere or fail it. */
  private void takeBack(int slot, Routee from, Failure.Reason why, long nowNanos) {
    from.ended(table.expectedNanos(slot) / from.speed(), table.dispatchedNanos(slot), nowNanos);
    table.undispatched(slot);
    if (routees.loadChanged(from)) openChanged();
    listener.takenBack(from, table.payload(slot), why);
  }

  /** Off its routee: another chance elsewhere if idempotent and attempts are left, else it fails. */
  private void redispatch(int slot, Failure.Reason why, long nowNanos) {
    Routee from = routees.byNumber(table.routee(slot));
    takeBack(slot, from, why, nowNanos);
    int attempt = table.attempt(slot);
    if (retries == null || attempt >= retries.maxAttempts() || routees.routable().isEmpty()) {
      fail(slot, new Failure(why, from.name(), attempt));
    } else if (routees.open().isEmpty() || lanes[table.lane(slot)].waitsForFreeSlot()) {
      waitAgain(slot);
    } else {
      dispatch(slot, nowNanos);
    }
  }

  private void redispatchAllOf(Routee r, long nowNanos) {
    List<Integer> theirs = new ArrayList<>();
    for (int slot = 0; slot < table.slots(); slot++) {
      if (table.has(slot, RequestTable.IN_FLIGHT) && table.routee(slot) == r.number) theirs.add(slot);
    }
    for (int slot : theirs) redispatch(slot, Failure.Reason.ROUTEE_LOST, nowNanos);
  }

  /** Past its deadline: elsewhere while the budget allows (else it stays: it may yet be answered), or failed if not idempotent. */
  private void overdue(int slot, long nowNanos) {
    if (retries == null) {
      Routee from = routees.byNumber(table.routee(slot));
      takeBack(slot, from, Failure.Reason.NO_REPLY, nowNanos);
      fail(slot, new Failure(Failure.Reason.NO_REPLY, from.name(), table.attempt(slot)));
    } else if (table.has(slot, RequestTable.OVERDUE_TOKEN)
        || overdueTokens < Math.max(retries.overdueFloor(), (int) (retries.overdueShare() * inFlight()))) {
      if (!table.has(slot, RequestTable.OVERDUE_TOKEN)) overdueTokens++;
      table.set(slot, RequestTable.OVERDUE_TOKEN, true);
      redispatch(slot, Failure.Reason.NO_REPLY, nowNanos);
    } else {
      deadlines.recheckAtNextSweep();
    }
  }

  /**
   * Time passed: requests that waited too long fail, requests past their deadline are taken back, and
   * routees that have not said what they are are greeted again. Call it every few hundred milliseconds.
   */
  public void sweep(long nowNanos) {
    Failure.Reason why = routees.routable().isEmpty() ? Failure.Reason.NO_ROUTEE_IN_TIME : Failure.Reason.NO_ROOM_IN_TIME;
    long cutoff = nowNanos - maxWaitNanos;
    while (!waiting.isEmpty() && table.submittedNanos((int) waiting.peek()) <= cutoff) {
      int slot = (int) waiting.poll();
      fail(slot, new Failure(why, null, table.attempt(slot)));
    }
    waitingForSlot.submittedBy(cutoff, id -> fail((int) id, new Failure(why, null, table.attempt((int) id))));
    if (deadlines.scanDue(nowNanos)) {
      List<Integer> due = new ArrayList<>();
      long earliest = Long.MAX_VALUE;
      for (int slot = 0; slot < table.slots(); slot++) {
        if (!table.has(slot, RequestTable.IN_FLIGHT)) continue;
        long deadline = table.deadlineNanos(slot);
        if (deadline <= nowNanos) due.add(slot);
        else earliest = Math.min(earliest, deadline);
      }
      deadlines.scanned(earliest);
      for (int slot : due) if (table.has(slot, RequestTable.IN_FLIGHT)) overdue(slot, nowNanos);
    }
    if (settings.readyWhenTold()) for (Routee r : routees.notReady()) effects.greet(r);
    forgetOutOfSubset();
    settle(nowNanos);
  }

  /** A hedged request's time came ({@link Effects#scheduleHedge}): if still on its first dispatch, a copy goes to another routee. */
  public void hedgeDue(long id, int attempt, long nowNanos) {
    int slot = table.slotOf(id);
    if (slot < 0 || table.attempt(slot) != attempt || !table.has(slot, RequestTable.IN_FLIGHT) || table.twin(slot) != 0
        || routees.open().size() < 2 || !hedges.mayHedge()) {
      return;
    }
    long copy = table.add(table.payload(slot), table.tag(slot), table.lane(slot), table.expectedNanos(slot),
        table.submittedNanos(slot), ++sequence);
    int copySlot = (int) copy;
    table.set(copySlot, RequestTable.COPY, true);
    table.routee(copySlot, table.routee(slot)); // so the copy goes elsewhere
    table.twin(slot, copy);
    table.twin(copySlot, id);
    waitAgain(copySlot);
    settle(nowNanos);
  }

  /**
   * Takes every request off the balancer, in flight or waiting, and hands each to {@code each} with its
   * tag, once (a hedged request once for both copies). Replies that come for them later are dropped.
   */
  public void releaseAll(long nowNanos, BiConsumer<P, Long> each) {
    List<Integer> held = new ArrayList<>();
    for (int slot = 0; slot < table.slots(); slot++) if (table.busy(slot)) held.add(slot);
    for (int slot : held) {
      if (table.has(slot, RequestTable.IN_FLIGHT)) {
        Routee r = routees.byNumber(table.routee(slot));
        r.ended(table.expectedNanos(slot) / r.speed(), table.dispatchedNanos(slot), nowNanos);
      }
    }
    for (int slot : held) {
      // A copy whose twin is held goes back with its twin. Asked of the copy's own row, not of whether
      // the twin is still in the table: the twin may have been released already in this loop.
      boolean secondCopy = table.has(slot, RequestTable.COPY) && table.twin(slot) != 0;
      P request = table.payload(slot);
      long tag = table.tag(slot);
      finish(slot);
      if (!secondCopy) each.accept(request, tag);
    }
    waiting.clear();
    waitingForSlot.removeAll(id -> {});
    routees.rebuild();
    openChanged();
  }

  // ---- routees -----------------------------------------------------------------------------------

  /**
   * A listing of the routees: {@code reachable} ones and {@code all} (unreachable ones too), as the
   * Receptionist's {@code Listing} gives them. New ones are greeted; requests on one that became
   * unreachable are taken back.
   */
  public void listing(Set<? extends ActorRef<?>> reachable, Set<? extends ActorRef<?>> all, long nowNanos) {
    listing.listed(reachable, all);
    applyListing(nowNanos);
  }

  /**
   * The balancers over the same routees, this one ({@code self}) among them, as they are listed. With
   * {@link BalancerSettings#withSubset} the balancer routes to its share of the routees from now on, and
   * to none before it was first told.
   */
  public void peers(Collection<? extends ActorRef<?>> balancers, ActorRef<?> self, long nowNanos) {
    if (listing.peers(balancers, self)) applyListing(nowNanos);
  }

  /** Routees listed but out of this balancer's share, with nothing in flight there, are forgotten. */
  private void forgetOutOfSubset() {
    boolean forgot = false;
    for (Routee r : routees.all()) {
      if (r.state == RouteeState.LEFT && r.inFlight() == 0 && listing.outOfShare(r.ref())) {
        ejection.forget(r);
        routees.remove(r.ref());
        effects.farewell(r);
        forgot = true;
      }
    }
    if (forgot) openChanged();
  }

  /** The listing (through the subset) as it is now: new routees are greeted, requests on unreachable ones taken back. */
  private void applyListing(long nowNanos) {
    List<Routee> joined = new ArrayList<>();
    List<Routee> changed = routees.listed(listing.reachable(), listing.all(), joined, nowNanos);
    for (Routee r : joined) {
      listener.routeeChanged(r, RouteeEvent.JOINED, "");
      effects.greet(r);
    }
    for (Routee r : changed) {
      RouteeEvent event = switch (r.state) {
        case ROUTABLE -> RouteeEvent.REACHABLE;
        case UNREACHABLE -> RouteeEvent.UNREACHABLE;
        case LEFT -> RouteeEvent.LEFT;
      };
      String detail = event == RouteeEvent.LEFT && listing.outOfShare(r.ref()) ? "out of this balancer's subset" : "";
      if (!joined.contains(r) || event != RouteeEvent.REACHABLE) listener.routeeChanged(r, event, detail);
      if (r.state == RouteeState.UNREACHABLE && r.inFlight() > 0) redispatchAllOf(r, nowNanos);
    }
    openChanged();
    settle(nowNanos);
    forgetOutOfSubset();
  }

  /** A routee of the balancer's own (a pool's child): routable from now on. */
  public void added(ActorRef<?> ref, long nowNanos) {
    if (routees.get(ref) != null) return;
    Routee r = routees.add(ref, nowNanos);
    routees.rebuild();
    listener.routeeChanged(r, RouteeEvent.JOINED, "");
    effects.greet(r);
    openChanged();
    settle(nowNanos);
  }

  /** A routee stopped (its actor terminated): its requests are taken back, and it is forgotten. */
  public void stopped(ActorRef<?> ref, long nowNanos) {
    Routee r = routees.get(ref);
    if (r == null) return;
    r.state = RouteeState.LEFT;
    routees.rebuild();
    openChanged();
    listener.routeeChanged(r, RouteeEvent.STOPPED, "");
    if (r.inFlight() > 0) redispatchAllOf(r, nowNanos);
    ejection.forget(r);
    routees.remove(ref);
    openChanged();
    settle(nowNanos);
  }

  /**
   * What a routee said of itself: the requests it works on at once ({@code slots}, 0 = no limit), its
   * {@code speed} (1.0 nominal) and the most requests this balancer may have unanswered there
   * ({@code limit}, 0 = no limit). With {@link BalancerSettings#withReadyWhenTold} it takes requests
   * from now on.
   */
  public void capacity(ActorRef<?> ref, int slots, double speed, int limit, long nowNanos) {
    Routee r = routees.get(ref);
    if (r == null || r.ready && r.slots() == slots && r.speed() == speed && r.limit() == limit) return;
    boolean wasReady = r.ready;
    routees.capacity(r, slots, speed, limit);
    if (!wasReady) listener.routeeChanged(r, RouteeEvent.READY, "");
    openChanged();
    settle(nowNanos);
  }

  /** A routee reported holding {@code load} requests from every balancer (counted with {@link BalancerSettings#withReportedLoad}). */
  public void reported(ActorRef<?> ref, int load, long nowNanos) {
    Routee r = routees.get(ref);
    if (r != null) r.reported(load, nowNanos);
  }

  /** A routee reported {@code usage} of its recent work ({@link Policies#weightedRoundRobin()} weighs routees by it). */
  public void usage(ActorRef<?> ref, Usage usage, long nowNanos) {
    Routee r = routees.get(ref);
    if (r != null && usage != null) r.usage(usage, nowNanos);
  }

  private void openChanged() {
    for (Policy.Picker p : pickers) p.routeesChanged(routees.open());
  }

  private void ejected(List<Ejection.Ejected> ejected) {
    for (Ejection.Ejected e : ejected) listener.routeeChanged(e.routee(), RouteeEvent.EJECTED, e.why());
  }

  // ---- what it holds -----------------------------------------------------------------------------

  /** The routee of this actor, or null if not known. */
  public Routee routee(ActorRef<?> ref) {
    return routees.get(ref);
  }

  /** Every routee known, whatever its state, in {@link RouteeOrder}. */
  public List<Routee> routees() {
    return routees.all();
  }

  /** Routees that take requests now. */
  public int routable() {
    return routees.routable().size();
  }

  /** Requests held: in flight and waiting. */
  public int held() {
    return table.size();
  }

  /** Requests waiting: for room at a routee, or for a free slot. */
  public int waitingCount() {
    return waiting.size() + waitingForSlot.size();
  }

  /** Requests on a routee now (a hedged request's two copies count as two). */
  public int inFlight() {
    return table.size() - waitingCount();
  }

  /** The order in which request {@code id} was taken on (1, 2, 3, ...: for logs); 0 if it is not held. */
  public long sequence(long id) {
    int slot = table.slotOf(id);
    return slot < 0 ? 0 : table.sequence(slot);
  }

  /** What it holds at {@code nowNanos}, routee by routee. */
  public BalancerStatus status(long nowNanos) {
    List<BalancerStatus.RouteeStatus> list = new ArrayList<>();
    for (Routee r : routees.all()) {
      list.add(new BalancerStatus.RouteeStatus(r.name(), r.state(), ejection.ejected(r, nowNanos), r.inFlight(), r.load(), r.completed()));
    }
    return new BalancerStatus(List.copyOf(list), inFlight(), waitingCount());
  }

  /** Second copies sent so far. */
  public long hedged() {
    return hedges.hedged();
  }

  /** Second copies that answered before their first. */
  public long hedgesWon() {
    return hedges.copiesWon();
  }
}
