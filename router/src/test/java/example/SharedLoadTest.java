package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerStatus;
import pekkolb.router.LoadBalancer;
import pekkolb.router.LoadReport;
import pekkolb.router.LoadReporter;
import pekkolb.router.Policies;
import pekkolb.router.RouterSerializer;
import pekkolb.router.Usage;
import pekkolb.router.UsageReport;

/**
 * Two balancers over the same routees, which report their load with a {@link LoadReporter}: each
 * balancer then counts the other's requests too, so the two do not pile onto one routee.
 */
class SharedLoadTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /**
   * Holds its requests until told {@link Workers.Finish} (oldest first), tells {@code got} of each
   * that arrives, and reports how many it holds whenever that changes.
   */
  static Behavior<Object> reporting(ServiceKey<Work> key, ActorRef<String> got) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf().narrow()));
      LoadReporter reporter = LoadReporter.create(ctx, key);
      String me = ctx.getSelf().path().name();
      Deque<Work> held = new ArrayDeque<>();
      return Behaviors.receive(Object.class)
          .onMessage(Work.class, w -> {
            held.add(w);
            reporter.report(held.size());
            got.tell(me + ":" + w.payload());
            return Behaviors.same();
          })
          .onMessage(Workers.Finish.class, f -> {
            Work w = held.poll();
            if (w != null) w.replyTo().tell(Done.by(w.payload(), me));
            reporter.report(held.size());
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Waits until {@code balancer} sees {@code routee}'s load as {@code load}, of which {@code own} are its own requests. */
  private void awaitLoad(ActorRef<Work> balancer, String routee, int load, int own) {
    TestProbe<BalancerStatus> probe = testKit.createTestProbe();
    probe.awaitAssert(WAIT, () -> {
      LoadBalancer.getStatus(balancer, probe.getRef());
      BalancerStatus.RouteeStatus r = probe.receiveMessage().routees().stream()
          .filter(s -> s.name().equals(routee)).findFirst().orElseThrow();
      assertEquals(load, r.load(), routee + "'s load");
      assertEquals(own, r.inFlight(), routee + "'s requests from this balancer");
      return null;
    });
  }

  @Test
  void aBalancerSeesTheOthersRequestsAndPicksTheOtherRoutee() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "shared");
    TestProbe<String> got = testKit.createTestProbe();
    Map<String, ActorRef<Object>> routees = Map.of(
        "worker-1", testKit.spawn(reporting(key, got.getRef()), "worker-1"),
        "worker-2", testKit.spawn(reporting(key, got.getRef()), "worker-2"));
    LoadBalancer.Builder<Work, Done> builder = LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withPolicy(Policies.leastConnections())
        .withReportedLoad();
    ActorRef<Work> a = testKit.spawn(builder.build(), "balancer-a");
    ActorRef<Work> b = testKit.spawn(builder.build(), "balancer-b");
    for (ActorRef<Work> balancer : java.util.List.of(a, b)) {
      awaitLoad(balancer, "worker-1", 0, 0);
      awaitLoad(balancer, "worker-2", 0, 0);
    }
    TestProbe<Done> caller = testKit.createTestProbe();
    b.tell(new Work("from-b", caller.getRef()));
    String loaded = got.receiveMessage(WAIT).split(":")[0];
    String other = loaded.equals("worker-1") ? "worker-2" : "worker-1";
    awaitLoad(a, loaded, 1, 0); // balancer A heard the routee's report of B's request

    a.tell(new Work("from-a", caller.getRef()));
    assertEquals(other + ":from-a", got.receiveMessage(WAIT), "least connections counts B's request");

    routees.get(loaded).tell(new Workers.Finish());
    routees.get(other).tell(new Workers.Finish());
    for (Done d : caller.receiveSeveralMessages(2, WAIT)) {
      assertEquals(d.payload().equals("from-b") ? loaded : other, d.by());
    }
    awaitLoad(a, loaded, 0, 0);
  }

  @Test
  void loadAndUsageReportsCrossJvmsWithTheLibrarysOwnSerializer() {
    ActorRef<Object> routee = testKit.spawn(Behaviors.empty(), "reported");
    LoadReport report = new LoadReport(routee, 7);
    assertEquals(RouterSerializer.class, SerializationExtension.get(testKit.system().classicSystem()).findSerializerFor(report).getClass(),
        "bound in the library's reference.conf");
    LoadReport back = testKit.serializationTestKit().verifySerialization(report, true);
    assertEquals(routee, back.routee(), "the routee's ref resolves to the same actor");
    assertEquals(7, back.load());

    UsageReport usage = testKit.serializationTestKit().verifySerialization(new UsageReport(routee, new Usage(0.75, 12.5, 0.5)), true);
    assertEquals(routee, usage.routee());
    assertEquals(new Usage(0.75, 12.5, 0.5), usage.usage());

    RouterSerializer serializer = new RouterSerializer((org.apache.pekko.actor.ExtendedActorSystem) testKit.system().classicSystem());
    assertThrows(IllegalArgumentException.class, () -> serializer.fromBinary(serializer.toBinary(report), "X"));
    assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("not a report"));
  }
}
