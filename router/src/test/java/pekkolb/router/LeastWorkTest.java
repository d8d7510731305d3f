package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Least work and the expected work a {@link Routee} keeps, as plain Java: time is handed in. */
class LeastWorkTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);
  private static final long SHORT = S;
  private static final long LONG = 5 * S;
  private long now = 100 * S;

  /** A routee with {@code slots} slots (0: no limit) holding requests of the given expected work, all started now. */
  private Routee routee(String name, int slots, long... requests) {
    Routee r = new Routee(Refs.named(name), 10 * S, null, now);
    r.capacity(slots, 1.0, 0);
    for (long expected : requests) r.started(expected, now);
    return r;
  }

  private String pick(LeastWork p, List<Routee> rs) {
    return rs.get(p.pick(rs, now)).name();
  }

  @Test
  void workLeftIsTheExpectedWorkLessWhatTheRunningRequestsDid() {
    Routee r = routee("worker-1", 2);
    r.started(LONG, now);
    r.started(SHORT, now);
    assertEquals(6.0 * S, r.workLeftNanos(now));
    now += S / 2;
    assertEquals(5.0 * S, r.workLeftNanos(now), "two requests ran half a second each");

    Routee unlimited = routee("worker-2", 0, LONG);
    now += S;
    unlimited.started(SHORT, now);
    unlimited.started(SHORT, now); // at the same instant: added to what was left then
    assertEquals(6.0 * S, unlimited.workLeftNanos(now));
    now += S / 2;
    assertEquals(4.5 * S, unlimited.workLeftNanos(now), "three requests ran half a second each");
  }

  @Test
  void aFasterRouteeIsGivenWorkAtItsSpeed() {
    Routee fast = new Routee(Refs.named("worker-1"), 10 * S, null, now);
    fast.capacity(1, 2.0, 0);
    assertEquals(2.0, fast.speed());
    fast.started(LONG / fast.speed(), now); // the core hands in the expected work over the routee's speed
    assertEquals(2.5 * S, fast.workLeftNanos(now));
  }

  @Test
  void requestsBeyondTheSlotsWaitAndDoNotDrain() {
    Routee r = routee("worker-1", 1);
    r.started(LONG, now);
    r.started(LONG, now);
    now += 2 * S;
    assertEquals(8.0 * S, r.workLeftNanos(now), "one slot: only the running request made progress");
  }

  @Test
  void requestsThatCannotHaveStartedCountEvenWhenTheRunningOnesOverran() {
    Routee r = routee("worker-1", 1, LONG, SHORT, SHORT);
    now += 60 * S; // a stalled machine: the model drained everything, yet two requests still wait behind the slot
    assertEquals(2 * (7.0 * S / 3), r.workLeftNanos(now), 1.0, "the two beyond the slot, at the mean expected time");
  }

  @Test
  void aRequestThatEndsEarlyTakesItsUnrunRestAlongAndAnEmptyRouteeHasNoWorkLeft() {
    Routee r = routee("worker-1", 2);
    long started = now;
    r.started(LONG, now);
    r.started(LONG, now);
    now += S;
    r.ended(LONG, started, now); // taken back after 1 s: its 4 s left go with it
    assertEquals(4.0 * S, r.workLeftNanos(now));
    assertEquals(1, r.inFlight());
    now += 10 * S;
    assertEquals(0.0, r.workLeftNanos(now), "an overrun request counts as no work left, never less");
    r.ended(LONG, started, now);
    assertEquals(0, r.inFlight());
    assertEquals(0.0, r.workLeftNanos(now));
  }

  @Test
  void aFreeSlotBeatsAFullRouteeEvenWithLessWorkThere() {
    Routee full = routee("worker-1", 1, SHORT);
    Routee free = routee("worker-2", 2, LONG);
    now += SHORT + S; // worker-1's request overran: no work left by the model, but its one slot is taken
    LeastWork p = new LeastWork();
    List<Routee> rs = List.of(full, free);
    for (int i = 0; i < 4; i++) assertEquals("worker-2", pick(p, rs));
  }

  @Test
  void whenEverySlotIsTakenTheRouteeThatFreesFirstWins() {
    // The same number in flight, so least connections could not tell them apart: two long against two short.
    Routee longs = routee("worker-1", 2, LONG, LONG);
    Routee shorts = routee("worker-2", 2, SHORT, SHORT);
    LeastWork p = new LeastWork();
    List<Routee> rs = List.of(longs, shorts);
    for (int i = 0; i < 4; i++) assertEquals("worker-2", pick(p, rs));
    assertEquals(5.0 * S, LeastWork.expectedWaitNanos(longs, now), "10 s of work over 2 slots");
  }

  @Test
  void amongFreeRouteesTheOneWithLeastWorkWinsAndTiesGoInRotation() {
    Routee busy = routee("worker-1", 3, LONG);
    Routee light = routee("worker-2", 3, SHORT);
    Routee idle = routee("worker-3", 3);
    LeastWork p = new LeastWork();
    List<Routee> rs = List.of(busy, light, idle);
    assertEquals("worker-3", pick(p, rs));
    idle.started(LONG, now);
    assertEquals("worker-2", pick(p, rs));
    List<Routee> idleOnes = List.of(routee("worker-4", 1), routee("worker-5", 1), routee("worker-6", 1));
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 3; i++) picks.add(pick(p, idleOnes));
    assertEquals(3, picks.stream().distinct().count(), "ties rotate: " + picks);
  }

  @Test
  void withoutExpectedWorkTiesGoToTheFewestInFlight() {
    Routee two = routee("worker-1", 0, 0, 0);
    Routee one = routee("worker-2", 0, 0);
    LeastWork p = new LeastWork();
    for (int i = 0; i < 3; i++) assertEquals("worker-2", pick(p, List.of(two, one)));
  }
}
