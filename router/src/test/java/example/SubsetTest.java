package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerStatus;
import pekkolb.router.LoadBalancer;
import pekkolb.router.Policies;
import pekkolb.router.RouteeState;

/** Several balancers over one group, each routing to a share of it: together they cover it, each routee once. */
class SubsetTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** The routees {@code balancer} routes to now. */
  private Set<String> routable(ActorRef<Work> balancer) {
    TestProbe<BalancerStatus> probe = testKit.createTestProbe();
    LoadBalancer.getStatus(balancer, probe.getRef());
    Set<String> names = new HashSet<>();
    for (BalancerStatus.RouteeStatus r : probe.receiveMessage().routees()) {
      if (r.state() == RouteeState.ROUTABLE) names.add(r.name());
    }
    return names;
  }

  @Test
  void fourBalancersWithSubsetsOfTwoShareEightRouteesOutOnceEach() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "subsets");
    Set<String> routees = new HashSet<>();
    for (int i = 1; i <= 8; i++) routees.add(testKit.spawn(Workers.prompt(key), "worker-" + i).path().name());
    LoadBalancer.Builder<Work, Done> builder = LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withPolicy(Policies.leastConnections())
        .withSubset(2);
    List<ActorRef<Work>> balancers = new ArrayList<>();
    for (int b = 1; b <= 4; b++) balancers.add(testKit.spawn(builder.build(), "balancer-" + b));

    // Each works its share out alone, once it sees the others: 2 x 4 / 8 is one balancer per routee.
    Map<ActorRef<Work>, Set<String>> shares = new HashMap<>();
    TestProbe<Object> waiting = testKit.createTestProbe();
    waiting.awaitAssert(WAIT, () -> {
      Map<String, Integer> fanIn = new HashMap<>();
      for (ActorRef<Work> b : balancers) {
        Set<String> share = routable(b);
        shares.put(b, share);
        for (String r : share) fanIn.merge(r, 1, Integer::sum);
      }
      assertEquals(routees, fanIn.keySet(), "every routee has a balancer");
      for (int n : fanIn.values()) assertEquals(1, n, "and only one: " + fanIn);
      return null;
    });

    TestProbe<Done> caller = testKit.createTestProbe();
    for (ActorRef<Work> b : balancers) {
      for (int i = 0; i < 6; i++) b.tell(new Work(b.path().name() + "#" + i, caller.getRef()));
      for (Done d : caller.receiveSeveralMessages(6, WAIT)) {
        assertTrue(shares.get(b).contains(d.by()), d + " came from outside " + b.path().name() + "'s share " + shares.get(b));
      }
    }
  }

  @Test
  void aPoolHasNoSubset() {
    assertThrows(IllegalArgumentException.class,
        () -> LoadBalancer.pool(2, Workers.prompt(Workers.KEY), Work::replyTo, Work::withReplyTo).withSubset(1).build());
  }
}
