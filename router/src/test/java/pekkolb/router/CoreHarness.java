package pekkolb.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A {@link BalancerCore} over plain strings, with what it asks its owner to do written down: the test
 * is the owner. Time is {@link #now}, moved by the test; routees are refs nothing is sent to.
 */
final class CoreHarness implements BalancerCore.Effects<String>, BalancerListener<String> {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;

  record Sent(String routee, long id, int attempt, String request) {}

  record Answered(String request, long tag, Object reply, String routee, long elapsedNanos) {}

  record Failed(String request, long tag, Failure failure) {}

  record Hedge(long id, int attempt, long delayNanos) {}

  final List<Sent> sent = new ArrayList<>();
  final List<Answered> answered = new ArrayList<>();
  final List<Failed> failed = new ArrayList<>();
  final List<Hedge> hedges = new ArrayList<>();
  final List<String> greeted = new ArrayList<>();
  final List<String> probed = new ArrayList<>();
  final List<String> farewells = new ArrayList<>();
  /** What the listener heard, one line each: "dispatched a worker-1", "ejected worker-1", ... */
  final List<String> heard = new ArrayList<>();
  long now = 100 * S;
  private long tags;
  final BalancerCore<String> core;

  CoreHarness(BalancerSettings settings, Lane... lanes) {
    this.core = new BalancerCore<>(settings.withSeed(7), Arrays.asList(lanes), this, this, () -> now);
  }

  CoreHarness(BalancerSettings settings, Policy policy) {
    this(settings, Lane.of("default", policy));
  }

  CoreHarness(BalancerSettings settings) {
    this(settings, Policies.roundRobin());
  }

  static ActorRef<Object> ref(String name) {
    return Refs.named(name);
  }

  /** A listing in which every one of {@code names} is reachable. */
  void list(String... names) {
    Set<ActorRef<?>> refs = refs(names);
    core.listing(refs, refs, now);
  }

  /** A listing of {@code all}, of which only {@code reachable} are reachable. */
  void list(Set<String> reachable, Set<String> all) {
    core.listing(refs(reachable.toArray(String[]::new)), refs(all.toArray(String[]::new)), now);
  }

  private static Set<ActorRef<?>> refs(String... names) {
    Set<ActorRef<?>> refs = new HashSet<>();
    for (String n : names) refs.add(ref(n));
    return refs;
  }

  /** The balancers sharing the routees, as listed: {@code self} is this balancer's name, and among {@code all}. */
  void peers(String self, String... all) {
    core.peers(refs(all), ref(self), now);
  }

  /** Sends {@code request} in on lane 0 with no expected work; its tag is its order of arrival. */
  Failure submit(String request) {
    return submit(request, 0, 0);
  }

  Failure submit(String request, int lane, long expectedNanos) {
    return core.admit(request, ++tags, lane, expectedNanos, now);
  }

  /** The last dispatch of {@code request} (its latest attempt, or a hedge's copy if that went last). */
  Sent lastSentOf(String request) {
    for (int i = sent.size() - 1; i >= 0; i--) if (sent.get(i).request().equals(request)) return sent.get(i);
    throw new AssertionError(request + " was never sent; sent: " + sent);
  }

  List<Sent> sentOf(String request) {
    return sent.stream().filter(s -> s.request().equals(request)).toList();
  }

  Sent last() {
    return sent.get(sent.size() - 1);
  }

  /** The routee replies "re:request" to this dispatch: whether the core took the reply. */
  boolean reply(Sent s) {
    return reply(s, BalancerCore.Outcome.DONE);
  }

  boolean reply(Sent s, BalancerCore.Outcome outcome) {
    return core.replied(s.id(), s.attempt(), "re:" + s.request(), outcome, -1, now);
  }

  void sweep() {
    core.sweep(now);
  }

  /** This balancer's requests in flight at {@code name} (its routee record must exist). */
  int inFlightAt(String name) {
    return core.routee(ref(name)).inFlight();
  }

  List<String> answeredRequests() {
    return answered.stream().map(Answered::request).toList();
  }

  /** Routee names of the dispatches, in order. */
  List<String> sentTo() {
    return sent.stream().map(Sent::routee).toList();
  }

  List<String> heard(String prefix) {
    return heard.stream().filter(h -> h.startsWith(prefix)).collect(Collectors.toList());
  }

  // ---- the owner's side -------------------------------------------------------------------------

  @Override
  public void dispatch(Routee routee, long id, int attempt, String request) {
    sent.add(new Sent(routee.name(), id, attempt, request));
  }

  @Override
  public void answer(long id, String request, long tag, Object reply, Routee routee, long elapsedNanos) {
    answered.add(new Answered(request, tag, reply, routee.name(), elapsedNanos));
  }

  @Override
  public void fail(String request, long tag, Failure failure) {
    failed.add(new Failed(request, tag, failure));
  }

  @Override
  public void scheduleHedge(long id, int attempt, long delayNanos) {
    hedges.add(new Hedge(id, attempt, delayNanos));
  }

  @Override
  public void greet(Routee routee) {
    greeted.add(routee.name());
  }

  @Override
  public void probe(Routee routee) {
    probed.add(routee.name());
  }

  @Override
  public void farewell(Routee routee) {
    farewells.add(routee.name());
  }

  // ---- the listener -----------------------------------------------------------------------------

  @Override
  public void dispatched(RouteeLoad routee, String request) {
    heard.add("dispatched " + request + " " + routee.name());
  }

  @Override
  public void replied(RouteeLoad routee, String request, long latencyNanos) {
    heard.add("replied " + request + " " + routee.name());
  }

  @Override
  public void takenBack(RouteeLoad routee, String request, Failure.Reason why) {
    heard.add("taken back " + request + " " + routee.name() + " " + why);
  }

  @Override
  public void failed(String request, Failure failure) {
    heard.add("failed " + request + " " + failure.reason());
  }

  @Override
  public void routeeChanged(RouteeLoad routee, RouteeEvent event, String detail) {
    heard.add(event.label() + " " + routee.name());
  }
}
