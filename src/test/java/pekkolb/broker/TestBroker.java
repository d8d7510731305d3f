package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.testkit.ExplicitlyTriggeredScheduler;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerStats;

/**
 * A test's own ActorSystem with one broker and helpers to read its accounting: under ManualTime, or
 * in real time (the broker's deadlines read the real clock; tests of them scale time down instead).
 */
final class TestBroker implements AutoCloseable {
  final ActorTestKit testKit;
  final ManualTime time;
  final LbSettings settings;
  private ActorRef<BrokerMessage> broker;

  /**
   * A worker that registers, answers the broker's hello (unlimited slots, window 1000, load 0) and
   * hands every other message to {@code jobsTo}, or swallows it if null: the test answers for it.
   */
  static Behavior<WorkerMessage> greetingWorker(ActorRef<WorkerMessage> jobsTo) {
    return greetingWorker(jobsTo, 1000);
  }

  /** As {@link #greetingWorker(ActorRef)}, granting the broker a window of {@code window} jobs. */
  static Behavior<WorkerMessage> greetingWorker(ActorRef<WorkerMessage> jobsTo, int window) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(ServiceKeys.WORKER, ctx.getSelf()));
      return Behaviors.receive(WorkerMessage.class)
          .onMessage(WorkerHello.class, hello -> {
            hello.replyTo().tell(new WorkerInfo(ctx.getSelf(), ctx.getSelf().path().name(), 1.0, 0, window, 0));
            return Behaviors.same();
          })
          .onAnyMessage(m -> {
            if (jobsTo != null) jobsTo.tell(m);
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Under ManualTime. */
  TestBroker(Map<String, Object> overrides) {
    this(overrides, true);
  }

  TestBroker(Map<String, Object> overrides, boolean manualTime) {
    testKit = ActorTestKit.create(manualTime ? ManualTime.config().withFallback(TestSettings.config(overrides))
        : TestSettings.config(overrides));
    time = manualTime ? ManualTime.get(testKit.system()) : null;
    settings = TestSettings.settings(overrides);
  }

  /** Starts the broker (after the workers, so it lists them) and waits until {@code routable} answered its hello. */
  ActorRef<BrokerMessage> start(int routable) {
    // Under ManualTime the broker reads the time the test drives, so latencies, waits and deadlines follow its timers.
    broker = testKit.spawn(time == null ? Broker.create(settings)
        : Broker.create(settings, settings.routingSeed().orElse(1), manualClock(testKit)), "broker");
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(routable, probe.receiveMessage().routableWorkers());
      return null;
    });
    return broker;
  }

  /** The nanoseconds ManualTime has let pass in {@code testKit}'s system. */
  static LongSupplier manualClock(ActorTestKit testKit) {
    ExplicitlyTriggeredScheduler scheduler = (ExplicitlyTriggeredScheduler) Adapter.toClassic(testKit.system()).scheduler();
    return () -> scheduler.currentTimeMs() * 1_000_000L;
  }

  Stats stats() {
    TestProbe<Stats> probe = testKit.createTestProbe();
    broker.tell(new GetStats(probe.ref()));
    return probe.receiveMessage();
  }

  WorkerStats worker(String name) {
    return stats().workers().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
  }

  /** Lets {@code total} pass in steps of {@code step}, so timers and sweeps fire in order. */
  void advance(Duration total, Duration step) {
    for (long t = 0; t < total.toNanos(); t += step.toNanos()) time.timePasses(step);
  }

  @Override
  public void close() {
    testKit.shutdownTestKit();
  }
}
