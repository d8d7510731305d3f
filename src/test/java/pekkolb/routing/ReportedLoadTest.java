package pekkolb.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The load a broker estimates for a worker (issue 11.2), without actors: the worker's last report
 * (jobs from every broker) plus this broker's dispatches since, never below its own jobs in flight.
 */
class ReportedLoadTest {

  private static Routee routee(String name, boolean useReported) {
    return new Routee(name, 1, new PeakEwma(1_000_000_000L, 0), useReported);
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
  void aReportPlusOwnDispatchesSinceIsTheLoad() {
    Routee w = routee("Worker-1", true);
    w.started(); // own: 1
    w.reported(10); // the worker holds 10, 9 of them from other brokers
    assertEquals(10, w.load());
    w.started();
    w.started();
    assertEquals(12, w.load(), "10 reported + 2 sent since");
    w.ended(); // one of ours answered, and its answer says the worker now holds 7
    w.reported(7);
    assertEquals(7, w.load());
    assertEquals(2, w.inFlight());
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
    // Own counts only, the same table would look even, and the busy worker would get half.
    Routee busyOwn = routee("Worker-1", false);
    busyOwn.reported(40);
    assertEquals(0, new LeastConnections().select(List.of(busyOwn, routee("Worker-2", false))));
  }
}
