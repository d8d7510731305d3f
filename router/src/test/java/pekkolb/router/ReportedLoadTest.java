package pekkolb.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The load a balancer estimates for a routee, without actors: its own requests in flight plus the
 * other balancers' at the routee's last report, fading with the report's age.
 */
class ReportedLoadTest {
  private static final long MS = 1_000_000L;
  private long now = 1_000 * MS;

  /** A routee whose replies were seen to take 100 ms; the latency estimate itself fades only over hours. */
  private Routee routee(String name, boolean reportsCount) {
    Routee r = new Routee(Refs.named(name), 3_600_000 * MS, reportsCount ? () -> now : null, now);
    r.capacity(0, 1.0, 0);
    r.replied(100 * MS, now);
    return r;
  }

  private void started(Routee r) {
    r.started(0, now);
  }

  @Test
  void beforeAnyReportTheLoadIsTheBalancersOwnCount() {
    Routee r = routee("worker-1", true);
    started(r);
    started(r);
    assertEquals(2, r.load());
    assertEquals(2, r.inFlight());
    assertEquals(0, r.reportedAtNanos(), "no report yet");
  }

  @Test
  void aFreshReportAddsTheOtherBalancersRequestsToOwnOnes() {
    Routee r = routee("worker-1", true);
    started(r); // own: 1
    r.reported(10, now); // the routee holds 10: 9 from other balancers
    assertEquals(10, r.load());
    started(r);
    started(r);
    assertEquals(12, r.load(), "9 of the others + 3 of ours");
    r.ended(0, now, now); // one of ours answered: the routee now holds 7, 5 of them the others'
    r.reported(7, now);
    assertEquals(7, r.load());
    assertEquals(2, r.inFlight());
    assertEquals(now, r.reportedAtNanos());
  }

  @Test
  void theOthersRequestsFadeOnlyOverManyOfTheRouteesLatencies() {
    Routee r = routee("worker-1", true);
    r.reported(20, now);
    now += 100 * MS; // one latency later the report still holds: the routee would have told a change
    assertEquals(18, r.load(), "20 * exp(-1/10)");
    now += 900 * MS; // ten latencies: 20 / e = 7.4 left
    assertEquals(7, r.load());
    now += 9_000 * MS; // a hundred: nothing left, a routee that stopped reporting is worth a try again
    assertEquals(0, r.load());
  }

  @Test
  void theLoadIsNeverBelowTheBalancersOwnRequestsInFlight() {
    Routee r = routee("worker-1", true);
    for (int i = 0; i < 5; i++) started(r);
    r.reported(1, now); // a report made before our requests reached the routee
    assertEquals(5, r.load());
  }

  @Test
  void withoutReportedLoadReportsAreIgnored() {
    Routee r = routee("worker-1", false);
    started(r);
    r.reported(50, now);
    assertEquals(1, r.load());
    assertEquals(0, r.reportedAtNanos());
  }

  @Test
  void leastConnectionsAndPowerOfTwoAvoidARouteeOtherBalancersFilled() {
    Routee busy = routee("worker-1", true);
    Routee idle = routee("worker-2", true);
    busy.reported(40, now); // other balancers' requests: this balancer has sent it nothing
    List<Routee> rs = List.of(busy, idle);
    LeastConnections lc = new LeastConnections(0);
    TwoChoices p2 = new TwoChoices(new SplittableRandom(1), TwoChoices::lessLoaded);
    for (int i = 0; i < 20; i++) {
      assertEquals(1, lc.pick(rs, now));
      assertEquals(1, p2.pick(rs, now));
      started(idle);
    }
    // With own counts only, the same routees look even, and the busy one gets picked.
    Routee busyOwn = routee("worker-1", false);
    busyOwn.reported(40, now);
    assertEquals(0, new LeastConnections(0).pick(List.of(busyOwn, routee("worker-2", false)), now));
  }
}
