package pekkolb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The load a broker estimates for a worker (issue 11.2), without actors: its own jobs in flight
 * plus the other brokers' jobs at the worker's last report, fading with the report's age.
 */
class ReportedLoadTest {
  private static final long MS = 1_000_000L;
  private long now = 1_000 * MS;

  /** A worker whose jobs were seen to take 100 ms; the latency estimate itself fades only over hours. */
  private Routee routee(String name, boolean useReported) {
    PeakEwma latency = new PeakEwma(3_600_000 * MS, now);
    latency.observe(100 * MS, now);
    return new Routee(name, 1, latency, useReported ? () -> now : null);
  }

  @Test
  void beforeAnyReportTheLoadIsTheBrokersOwnCount() {
    Routee w = routee("Worker-1", true);
    w.started();
    w.started();
    assertEquals(2, w.load());
    assertEquals(2, w.inFlight());
  }

  @Test
  void aFreshReportAddsTheOtherBrokersJobsToOwnOnes() {
    Routee w = routee("Worker-1", true);
    w.started(); // own: 1
    w.reported(10); // the worker holds 10: 9 from other brokers
    assertEquals(10, w.load());
    w.started();
    w.started();
    assertEquals(12, w.load(), "9 of the others + 3 of ours");
    w.ended(); // one of ours answered: the worker now holds 7, 5 of them the others'
    w.reported(7);
    assertEquals(7, w.load());
    assertEquals(2, w.inFlight());
  }

  @Test
  void theOthersJobsFadeOnlyOverManyOfTheWorkersLatencies() {
    Routee w = routee("Worker-1", true);
    w.reported(20);
    now += 100 * MS; // one latency later the report still holds: the worker would have told a change
    assertEquals(18, w.load(), "20 * exp(-1/10)");
    now += 900 * MS; // ten latencies: 20 / e = 7.4 left
    assertEquals(7, w.load());
    now += 9_000 * MS; // a hundred: nothing left, a worker that stopped reporting is worth a try again
    assertEquals(0, w.load());
  }

  @Test
  void theLoadIsNeverBelowTheBrokersOwnJobsInFlight() {
    Routee w = routee("Worker-1", true);
    for (int i = 0; i < 5; i++) w.started();
    w.reported(1); // a report made before our jobs reached the worker
    assertEquals(5, w.load());
    w.reported(-3); // nonsense from a worker counts as nothing
    assertEquals(5, w.load());
  }

  @Test
  void offReportsAreIgnored() {
    Routee w = routee("Worker-1", false);
    w.started();
    w.reported(50);
    assertEquals(1, w.load());
  }

  @Test
  void leastConnectionsAndPowerOfTwoAvoidAWorkerOtherBrokersFilled() {
    Routee busy = routee("Worker-1", true);
    Routee idle = routee("Worker-2", true);
    busy.reported(40); // other brokers' jobs: this broker has sent it nothing
    List<Routee> ws = List.of(busy, idle);
    LeastConnections lc = new LeastConnections();
    PowerOfTwoChoices p2 = new PowerOfTwoChoices(new SplittableRandom(1));
    for (int i = 0; i < 20; i++) {
      assertEquals(1, lc.select(ws));
      assertEquals(1, p2.select(ws));
      idle.started();
    }
    // Own counts only, the same table looks even, and the busy worker gets picked.
    Routee busyOwn = routee("Worker-1", false);
    busyOwn.reported(40);
    assertEquals(0, new LeastConnections().select(List.of(busyOwn, routee("Worker-2", false))));
  }
}
