package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;
import pekkolb.routing.PeakEwma;

/** The queue mode's view of the slots: free ones, all of them, and when a running job frees the next. */
class PoolSlotsTest {
  private static final long S = 1_000_000_000L;
  private static final ActorTestKit testKit = ActorTestKit.create();
  private final List<WorkerEntry> open = new ArrayList<>();
  private final List<AcceptedRequest> inFlight = new ArrayList<>();
  private final PoolSlots slots = new PoolSlots(() -> open, inFlight);

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  private WorkerEntry worker(int slots, double speed) {
    TestProbe<WorkerMessage> probe = testKit.createTestProbe();
    WorkerEntry w = new WorkerEntry(probe.ref(), 1, new PeakEwma(S, 0), false, null);
    w.greeted(new WorkerInfo(probe.ref(), "w", speed, slots, 1000, 0));
    w.listedOpen = true;
    open.add(w);
    return w;
  }

  /** A job of {@code seconds} at speed 1.0, dispatched to {@code w} at {@code atNanos}. */
  private void running(WorkerEntry w, AppType type, long seconds, long atNanos) {
    AcceptedRequest r = new AcceptedRequest(inFlight.size() + 1, 1, type, Approach.QUEUE, -1, null, null, atNanos, seconds * S);
    r.worker = w;
    r.dispatchedNanos = atNanos;
    w.started(r.expectedNanosAt(w), atNanos);
    inFlight.add(r);
  }

  @Test
  void countsFreeSlotsAndTellsWhenTheNextRunningJobIsExpectedToEnd() {
    WorkerEntry a = worker(2, 1.0);
    WorkerEntry b = worker(2, 0.5); // half speed: a 1 s job takes 2 s
    running(a, AppType.LONG, 5, 0);
    running(a, AppType.LONG, 5, 2 * S);
    running(b, AppType.SHORT, 1, 0);
    assertEquals(1, slots.free());
    assertEquals(4, slots.total());
    assertEquals(S, slots.nanosToNextFree(S), "b's Short ends at 2 s at its speed");
    assertEquals(0, slots.nanosToNextFree(3 * S), "overran its expected time: free any moment");
    inFlight.remove(2);
    b.ended();
    assertEquals(2 * S, slots.nanosToNextFree(3 * S), "a's first Long ends at 5 s");
  }

  @Test
  void aWorkerWithoutASlotLimitOrHoldingMoreThanItsSlotsDoesNotFreeOneForANewJob() {
    WorkerEntry full = worker(1, 1.0);
    running(full, AppType.SHORT, 1, 0);
    running(full, AppType.SHORT, 1, 0); // queued behind the first in its one slot
    assertEquals(0, slots.free());
    assertEquals(Long.MAX_VALUE, slots.nanosToNextFree(0), "its freed slot goes to its own next job");
    worker(0, 1.0);
    assertEquals(Integer.MAX_VALUE, slots.free());
    assertEquals(Integer.MAX_VALUE, slots.total());
  }
}
