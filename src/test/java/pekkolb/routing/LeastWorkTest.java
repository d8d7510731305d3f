package pekkolb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** least_work and the expected work a {@link Routee} keeps, as plain Java: no actor system. */
class LeastWorkTest {
  private static final long S = TimeUnit.SECONDS.toNanos(1);
  private static final long SHORT = S;
  private static final long LONG = 5 * S;
  private long now = 100 * S;

  /** A worker with {@code slots} slots holding jobs of the given expected times, all started now. */
  private Routee worker(String name, int slots, long... jobs) {
    Routee w = new Routee(name, 1, new PeakEwma(10 * S, now));
    w.slots(slots);
    for (long expected : jobs) w.started(expected, now);
    return w;
  }

  private String pick(LeastWork s, List<Routee> ws) {
    return ws.get(s.select(ws)).name();
  }

  @Test
  void workLeftIsTheExpectedWorkLessWhatTheRunningJobsDid() {
    Routee w = worker("Worker-1", 2);
    w.started(LONG, now);
    w.started(SHORT, now);
    assertEquals(6.0 * S, w.workLeftNanos(now));
    now += S / 2;
    assertEquals(5.0 * S, w.workLeftNanos(now), "two jobs ran half a second each");

    Routee unlimited = worker("Worker-2", 0, LONG);
    now += S;
    unlimited.started(SHORT, now);
    unlimited.started(SHORT, now); // at the same instant: added to what was left then
    assertEquals(6.0 * S, unlimited.workLeftNanos(now));
    now += S / 2;
    assertEquals(4.5 * S, unlimited.workLeftNanos(now), "three jobs ran half a second each");
  }

  @Test
  void jobsThatEndTogetherLeaveTheModelAsTheyWouldOneByOne() {
    Routee together = worker("Worker-1", 0);
    Routee oneByOne = worker("Worker-2", 0);
    long[] expected = {LONG, SHORT, LONG, SHORT, LONG};
    long[] started = new long[expected.length];
    for (int i = 0; i < expected.length; i++, now += S / 3) {
      started[i] = now;
      together.started(expected[i], now);
      oneByOne.started(expected[i], now);
    }
    now += 2 * S; // the Shorts are done, the first Long ran 3.3 s of its 5
    double sumExpected = 0;
    double sumUnrun = 0;
    for (int i = 0; i < 3; i++) { // the first three end together
      oneByOne.ended(expected[i], started[i], now);
      sumExpected += expected[i];
      sumUnrun += Math.max(0, expected[i] - (now - started[i]));
    }
    together.endedTogether(3, sumExpected, sumUnrun, now);
    assertEquals(oneByOne.inFlight(), together.inFlight());
    assertEquals(oneByOne.workLeftNanos(now), together.workLeftNanos(now), 1e-6 * S);
    now += S;
    assertEquals(oneByOne.workLeftNanos(now), together.workLeftNanos(now), 1e-6 * S, "and drains alike after");
  }

  @Test
  void jobsBeyondTheSlotsWaitAndDoNotDrain() {
    Routee w = worker("Worker-1", 1);
    w.started(LONG, now);
    w.started(LONG, now);
    now += 2 * S;
    assertEquals(8.0 * S, w.workLeftNanos(now), "one slot: only the running job made progress");
  }

  @Test
  void jobsThatCannotHaveStartedCountEvenWhenTheRunningOnesOverran() {
    Routee w = worker("Worker-1", 1, LONG, SHORT, SHORT);
    now += 60 * S; // a stalled machine: the model drained everything, yet two jobs still wait behind the slot
    assertEquals(2 * (7.0 * S / 3), w.workLeftNanos(now), 1.0, "the two beyond the slot, at the mean expected time");
  }

  @Test
  void aJobThatEndsEarlyTakesItsUnrunRestAlongAndAnEmptyWorkerHasNoWorkLeft() {
    Routee w = worker("Worker-1", 2);
    long started = now;
    w.started(LONG, now);
    w.started(LONG, now);
    now += S;
    w.ended(LONG, started, now); // taken back after 1 s: its 4 s left go with it
    assertEquals(4.0 * S, w.workLeftNanos(now));
    now += 10 * S;
    assertEquals(0.0, w.workLeftNanos(now), "an overrun job counts as no work left, never less");
    w.ended(LONG, started, now);
    assertEquals(0, w.inFlight());
    assertEquals(0.0, w.workLeftNanos(now));
  }

  @Test
  void aFreeSlotBeatsAFullWorkerEvenWithLessWorkThere() {
    Routee full = worker("Worker-1", 1, SHORT);
    Routee free = worker("Worker-2", 2, LONG);
    now += SHORT + S; // Worker-1's Short overran: no work left by the model, but its one slot is taken
    LeastWork s = new LeastWork(() -> now);
    List<Routee> ws = List.of(full, free);
    for (int i = 0; i < 4; i++) assertEquals("Worker-2", pick(s, ws));
  }

  @Test
  void whenEverySlotIsTakenTheWorkerThatFreesFirstWins() {
    // Same job counts, so least_connections could not tell them apart: two Longs vs two Shorts.
    Routee longs = worker("Worker-1", 2, LONG, LONG);
    Routee shorts = worker("Worker-2", 2, SHORT, SHORT);
    LeastWork s = new LeastWork(() -> now);
    List<Routee> ws = List.of(longs, shorts);
    for (int i = 0; i < 4; i++) assertEquals("Worker-2", pick(s, ws));
    assertEquals(5.0 * S, LeastWork.expectedWaitNanos(longs, now), "10 s of work over 2 slots");
  }

  @Test
  void amongFreeWorkersTheOneWithLeastWorkWinsAndTiesGoInRotation() {
    Routee busy = worker("Worker-1", 3, LONG);
    Routee light = worker("Worker-2", 3, SHORT);
    Routee idle = worker("Worker-3", 3);
    LeastWork s = new LeastWork(() -> now);
    List<Routee> ws = List.of(busy, light, idle);
    assertEquals("Worker-3", pick(s, ws));
    idle.started(LONG, now);
    assertEquals("Worker-2", pick(s, ws));
    List<Routee> idleOnes = List.of(worker("Worker-4", 1), worker("Worker-5", 1), worker("Worker-6", 1));
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < 3; i++) picks.add(pick(s, idleOnes));
    assertEquals(3, picks.stream().distinct().count(), "ties rotate: " + picks);
  }

  @Test
  void theQueueApproachPicksLikeLeastWork() {
    Strategies strategies = new Strategies(1, () -> now);
    assertEquals(LeastWork.class, strategies.get(pekkolb.protocol.Approach.LEAST_WORK).getClass());
    assertEquals(LeastWork.class, strategies.get(pekkolb.protocol.Approach.QUEUE).getClass());
  }
}
