package example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.router.BalancerStatus;
import pekkolb.router.LoadBalancer;
import pekkolb.router.RouteeState;

/** A balancer's state as the tests wait for it: through {@link LoadBalancer#getStatus}, never a fixed time. */
final class Statuses {
  static final Duration WAIT = Duration.ofSeconds(20);

  private Statuses() {}

  /** The balancer's status now. */
  static BalancerStatus of(ActorTestKit kit, ActorRef<?> balancer) {
    TestProbe<BalancerStatus> probe = kit.createTestProbe();
    LoadBalancer.getStatus(balancer, probe.getRef());
    return probe.receiveMessage(WAIT);
  }

  /** Waits until {@code balancer}, spawned in {@code kit}'s system, has {@code n} routees that take requests. */
  static void awaitRoutable(ActorTestKit kit, ActorRef<?> balancer, int n) {
    TestProbe<BalancerStatus> probe = kit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      LoadBalancer.getStatus(balancer, probe.getRef());
      assertEquals(n, probe.receiveMessage().routees().stream().filter(r -> r.state() == RouteeState.ROUTABLE).count());
      return null;
    });
  }
}
