package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pekkolb.router.BalancerListener;
import pekkolb.router.Hedging;
import pekkolb.router.LoadBalancer;
import pekkolb.router.OutlierEjection;
import pekkolb.router.Policy;
import pekkolb.router.Retries;
import pekkolb.router.RouteeEvent;
import pekkolb.router.RouteeLoad;

/** Hedging and outlier ejection through the balancer's actor, briefly: the core's tests carry the detail. */
class HedgingAndEjectionTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final ActorTestKit testKit = ActorTestKit.create();

  @AfterEach
  void shutdown() {
    testKit.shutdownTestKit();
  }

  /** Answers at once, except requests whose payload starts with "stuck", which it never answers. */
  private static Behavior<Work> stuckOnSome(ServiceKey<Work> key) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      String me = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(w -> {
        if (!w.payload().startsWith("stuck")) w.replyTo().tell(Done.by(w.payload(), me));
        return Behaviors.same();
      });
    });
  }

  /** Answers each request after {@code delay}, on a timer. */
  private static Behavior<Work> slow(ServiceKey<Work> key, Duration delay) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      String me = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(w -> {
        if (w.payload().startsWith("due:")) {
          Work original = new Work(w.payload().substring(4), w.replyTo());
          original.replyTo().tell(Done.by(original.payload(), me));
        } else {
          timers.startSingleTimer(new Object(), new Work("due:" + w.payload(), w.replyTo()), delay);
        }
        return Behaviors.same();
      });
    }));
  }

  @Test
  void aRequestItsRouteeSitsOnIsHedgedToAnotherAndAnsweredOnce() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "hedged");
    testKit.spawn(stuckOnSome(key), "worker-1");
    testKit.spawn(Workers.prompt(key), "worker-2");
    AtomicInteger dispatched = new AtomicInteger();
    Policy firstAlways = random -> (routees, now) -> 0; // worker-1 while it may; a hedge's copy avoids it
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withPolicy(firstAlways)
        .withIdempotentRetries(Retries.defaults())
        .withHedging(new Hedging(0.5, 0.9))
        .withListener(new BalancerListener<Work>() {
          @Override
          public void dispatched(RouteeLoad routee, Work request) {
            dispatched.incrementAndGet();
          }
        })
        .build());
    Statuses.awaitRoutable(testKit, balancer, 2);
    TestProbe<Done> caller = testKit.createTestProbe();
    // Enough replies for the balancer to know its latencies' p90 (it hedges nothing before).
    for (int i = 0; i < 64; i++) balancer.tell(new Work("warm-" + i, caller.getRef()));
    for (Done d : caller.receiveSeveralMessages(64, WAIT)) assertEquals("worker-1", d.by());
    balancer.tell(new Work("stuck", caller.getRef()));
    Done d = caller.receiveMessage(WAIT);
    assertEquals("stuck", d.payload());
    assertEquals("worker-2", d.by(), "the copy's reply");
    assertEquals(66, dispatched.get(), "64, the stuck one, and its one copy");
    assertEquals(0, Statuses.of(testKit, balancer).held(), "the first copy was abandoned");
  }

  @Test
  void aRouteeFarSlowerThanItsPeersIsEjected() {
    ServiceKey<Work> key = ServiceKey.create(Work.class, "ejecting");
    for (int i = 1; i <= 3; i++) testKit.spawn(Workers.prompt(key), "worker-" + i);
    testKit.spawn(slow(key, Duration.ofMillis(500)), "worker-4");
    List<String> ejected = new ArrayList<>();
    OutlierEjection ejection = new OutlierEjection(new OutlierEjection.Detection(Duration.ofSeconds(5), 4, 0.5, 5),
        Duration.ofSeconds(60), 0.25, Duration.ZERO);
    ActorRef<Work> balancer = testKit.spawn(LoadBalancer.group(key, Work::replyTo, Work::withReplyTo)
        .withOutlierEjection(ejection)
        .withListener(new BalancerListener<Work>() {
          @Override
          public void routeeChanged(RouteeLoad routee, RouteeEvent event, String detail) {
            if (event == RouteeEvent.EJECTED) {
              synchronized (ejected) {
                ejected.add(routee.name());
              }
            }
          }
        })
        .build());
    Statuses.awaitRoutable(testKit, balancer, 4);
    TestProbe<Done> caller = testKit.createTestProbe();
    // Rounds of requests in rotation until the balancer, judging as replies come, has seen enough.
    int round = 0;
    while (true) {
      synchronized (ejected) {
        if (!ejected.isEmpty()) break;
      }
      assertTrue(round++ < 50, "no ejection after 50 rounds");
      for (int i = 0; i < 8; i++) balancer.tell(new Work("r" + round + "-" + i, caller.getRef()));
      caller.receiveSeveralMessages(8, WAIT);
    }
    synchronized (ejected) {
      assertEquals(List.of("worker-4"), ejected);
    }
    for (int i = 0; i < 12; i++) balancer.tell(new Work("after-" + i, caller.getRef()));
    for (Done d : caller.receiveSeveralMessages(12, WAIT)) assertTrue(!d.by().equals("worker-4"), "sent to the ejected routee");
    for (var r : Statuses.of(testKit, balancer).routees()) assertEquals(r.name().equals("worker-4"), r.ejected(), r.toString());
  }
}
