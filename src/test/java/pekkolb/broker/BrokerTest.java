package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerStats;
import pekkolb.worker.Worker;

/**
 * The broker with real workers, all timing under ManualTime. Each test gets its own ActorSystem:
 * the Receptionist is per system, and a worker left over from another test would join this broker.
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerTest {

  private ActorTestKit testKit;
  private ManualTime manualTime;
  private TestProbe<Reply> client;

  private LbSettings start(Map<String, Object> overrides) {
    Map<String, Object> all = new HashMap<>(Map.of("lb.broker.job-deadline-margin", "0s"));
    all.putAll(overrides);
    testKit = ActorTestKit.create(ManualTime.config().withFallback(TestSettings.config(all)));
    manualTime = ManualTime.get(testKit.system());
    client = testKit.createTestProbe();
    return TestSettings.settings(all);
  }

  @AfterEach
  void shutdown() {
    if (testKit != null) testKit.shutdownTestKit();
  }

  private ActorRef<BrokerMessage> brokerWithWorkers(LbSettings settings, int n) {
    for (int i = 1; i <= n; i++) testKit.spawn(Worker.create(settings), "Worker-" + i);
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitRoutable(broker, n);
    return broker;
  }

  private Stats stats(ActorRef<BrokerMessage> broker) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    broker.tell(new GetStats(probe.ref()));
    return probe.receiveMessage();
  }

  private void awaitRoutable(ActorRef<BrokerMessage> broker, int n) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      long routable = probe.receiveMessage().routableWorkers();
      assertEquals(n, routable);
      return null;
    });
  }

  private Map<String, Integer> inFlightByWorker(ActorRef<BrokerMessage> broker) {
    return stats(broker).workers().stream().collect(Collectors.toMap(WorkerStats::name, WorkerStats::inFlight));
  }

  private void submit(ActorRef<BrokerMessage> broker, long id, String type, String approach) {
    broker.tell(new Submit(id, type, approach, -1, client.ref()));
  }

  private Map<Long, Reply> replies(int n) {
    return client.receiveSeveralMessages(n).stream().collect(Collectors.toMap(Reply::requestId, Function.identity()));
  }

  private static String worker(Reply reply) {
    return assertInstanceOf(Response.class, reply, () -> "expected a Response, got " + reply).worker();
  }

  @Test
  void roundRobinVisitsWorkersInOrder() {
    ActorRef<BrokerMessage> broker = brokerWithWorkers(start(Map.of()), 3);
    for (long id = 1; id <= 4; id++) submit(broker, id, "Short", "round_robin");
    manualTime.timePasses(Duration.ofSeconds(1));
    Map<Long, Reply> r = replies(4);
    assertEquals(List.of("Worker-1", "Worker-2", "Worker-3", "Worker-1"),
        List.of(worker(r.get(1L)), worker(r.get(2L)), worker(r.get(3L)), worker(r.get(4L))));
    Response first = (Response) r.get(1L);
    assertEquals("Short", first.appType());
    assertEquals("round_robin", first.approach());
  }

  @Test
  void leastConnectionsPicksTheIdleWorkerAndCountsCompletions() {
    ActorRef<BrokerMessage> broker = brokerWithWorkers(start(Map.of()), 3);
    submit(broker, 1, "Long", "least_connections");
    submit(broker, 2, "Long", "least_connections");
    submit(broker, 3, "Short", "least_connections");
    assertEquals(Map.of("Worker-1", 1, "Worker-2", 1, "Worker-3", 1), inFlightByWorker(broker));

    manualTime.timePasses(Duration.ofSeconds(1));
    String idle = worker(client.receiveMessage()); // the Short finished (where the rotation began is drawn at random)...
    Map<String, Integer> expected = new java.util.HashMap<>(Map.of("Worker-1", 1, "Worker-2", 1, "Worker-3", 1));
    expected.put(idle, 0);
    assertEquals(expected, inFlightByWorker(broker));
    submit(broker, 4, "Short", "least_connections");
    assertEquals(Map.of("Worker-1", 1, "Worker-2", 1, "Worker-3", 1), inFlightByWorker(broker)); // ...so it goes there again
    manualTime.timePasses(Duration.ofSeconds(1));
    Response fourth = assertInstanceOf(Response.class, client.receiveMessage());
    assertEquals(4, fourth.requestId());
    assertEquals(idle, fourth.worker());
    manualTime.timePasses(Duration.ofSeconds(3));
    Map<Long, Reply> longs = replies(2);
    java.util.Set<String> others = new java.util.HashSet<>(java.util.Set.of("Worker-1", "Worker-2", "Worker-3"));
    others.remove(idle);
    assertEquals(others, java.util.Set.of(worker(longs.get(1L)), worker(longs.get(2L))));
    assertEquals(Map.of("Worker-1", 0, "Worker-2", 0, "Worker-3", 0), inFlightByWorker(broker));
    NoOtherAnswer.check(testKit, broker, client);
  }

  @Test
  void mixedApproachesShareOneAccounting() {
    ActorRef<BrokerMessage> broker = brokerWithWorkers(start(Map.of()), 3);
    submit(broker, 1, "Long", "round_robin"); // Worker-1
    submit(broker, 2, "Long", "round_robin"); // Worker-2
    submit(broker, 3, "Short", "least_connections"); // sees round robin's jobs: Worker-3
    manualTime.timePasses(Duration.ofSeconds(1));
    assertEquals("Worker-3", worker(client.receiveMessage()));
    submit(broker, 4, "Short", "least_connections"); // Worker-1 and 2 hold Longs: Worker-3
    submit(broker, 5, "Long", "round_robin"); // round robin keeps its own rotation: Worker-3
    assertEquals(Map.of("Worker-1", 1, "Worker-2", 1, "Worker-3", 2), inFlightByWorker(broker));
    submit(broker, 6, "Short", "least_connections"); // counts round robin's job: not Worker-3
    Map<String, Integer> load = inFlightByWorker(broker);
    assertEquals(2, load.get("Worker-3"));
    assertEquals(3, load.get("Worker-1") + load.get("Worker-2"));
    manualTime.timePasses(Duration.ofSeconds(5));
    assertEquals(5, replies(5).size());
    assertEquals(Map.of("Worker-1", 0, "Worker-2", 0, "Worker-3", 0), inFlightByWorker(broker));
  }

  @Test
  void badInputIsRejectedWithItsReasonAndTheBrokerKeepsServing() {
    ActorRef<BrokerMessage> broker = brokerWithWorkers(start(Map.of()), 1);
    submit(broker, 1, "Medium", "round_robin");
    Rejected r1 = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertEquals(1, r1.requestId());
    assertEquals("unknown app type 'Medium' (allowed: Long, Short)", r1.reason());

    submit(broker, 2, "Long", "fastest");
    Rejected r2 = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertTrue(r2.reason().startsWith("unknown approach 'fastest' (allowed: round_robin, least_connections"), r2.reason());

    submit(broker, 3, null, null);
    assertEquals("missing app type (allowed: Long, Short)",
        assertInstanceOf(Rejected.class, client.receiveMessage()).reason());

    submit(broker, 4, "Short", null); // no approach: the configured default applies
    manualTime.timePasses(Duration.ofSeconds(1));
    Response ok = assertInstanceOf(Response.class, client.receiveMessage());
    assertEquals(4, ok.requestId());
    assertEquals("round_robin", ok.approach());
  }

  @Test
  void requestsBeforeAnyWorkerAreServedOnceWorkersRegister() {
    LbSettings settings = start(Map.of());
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    submit(broker, 1, "Short", "round_robin");
    submit(broker, 2, "Short", "least_connections");
    manualTime.timePasses(Duration.ofSeconds(2));
    assertEquals(2, stats(broker).waiting(), "both held, neither answered");

    testKit.spawn(Worker.create(settings), "Worker-1");
    awaitRoutable(broker, 1);
    manualTime.timePasses(Duration.ofSeconds(1));
    Map<Long, Reply> r = replies(2);
    assertEquals("Worker-1", worker(r.get(1L)));
    assertEquals("Worker-1", worker(r.get(2L)));
  }

  @Test
  void aFullWaitingBufferRejects() {
    LbSettings settings = start(Map.of("lb.broker.pending-buffer", 2));
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    submit(broker, 1, "Short", "round_robin");
    submit(broker, 2, "Short", "round_robin");
    submit(broker, 3, "Short", "round_robin");
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertEquals(3, r.requestId());
    assertEquals("no workers available and the waiting buffer is full (2 requests)", r.reason());
  }

  @Test
  void aConnectingClientIsGrantedTheConfiguredWindow() {
    LbSettings settings = start(Map.of("lb.broker.client-window", 7));
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    TestProbe<Connected> probe = testKit.createTestProbe();
    broker.tell(new Connect(probe.ref()));
    Connected connected = probe.receiveMessage();
    assertEquals(7, connected.window());
    assertEquals(broker, connected.broker());
  }

  @Test
  void jobsOfAStoppedWorkerAreRedispatched() {
    LbSettings settings = start(Map.of());
    ActorRef<WorkerMessage> w1 = testKit.spawn(Worker.create(settings), "Worker-1");
    testKit.spawn(Worker.create(settings), "Worker-2");
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitRoutable(broker, 2);
    for (long id = 1; id <= 6; id++) submit(broker, id, "Long", "round_robin"); // 3 on each
    manualTime.timePasses(Duration.ofSeconds(2));
    testKit.stop(w1);
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      Stats s = probe.receiveMessage();
      assertEquals(1, s.workers().size());
      assertEquals(6, s.workers().get(0).inFlight());
      return null;
    });
    manualTime.timePasses(Duration.ofSeconds(3)); // Worker-2's own three finish at t = 5 s
    assertEquals(3, replies(3).size());
    manualTime.timePasses(Duration.ofSeconds(2)); // the three taken from Worker-1 restarted at t = 2 s
    Map<Long, Reply> moved = replies(3);
    moved.values().forEach(reply -> assertEquals("Worker-2", worker(reply)));
    manualTime.timePasses(Duration.ofSeconds(10)); // time for a second answer, had there been one
    NoOtherAnswer.check(testKit, broker, client); // each answered exactly once
  }

  @Test
  void jobsOfAStoppedWorkerAreRejectedWhenNoWorkerIsLeft() {
    LbSettings settings = start(Map.of());
    ActorRef<WorkerMessage> w1 = testKit.spawn(Worker.create(settings), "Worker-1");
    ActorRef<BrokerMessage> broker = testKit.spawn(Broker.create(settings), "broker");
    awaitRoutable(broker, 1);
    submit(broker, 1, "Long", "round_robin");
    submit(broker, 2, "Short", "least_connections");
    testKit.stop(w1);
    Map<Long, Reply> r = replies(2);
    for (Reply reply : r.values()) {
      Rejected rejected = assertInstanceOf(Rejected.class, reply);
      assertEquals("worker Worker-1 was lost and no other worker is available", rejected.reason());
    }
    manualTime.timePasses(Duration.ofSeconds(10));
    NoOtherAnswer.check(testKit, broker, client);
  }

  @Test
  void overloadIsRejected() {
    ActorRef<BrokerMessage> broker = brokerWithWorkers(start(Map.of("lb.broker.max-in-flight", 2)), 1);
    submit(broker, 1, "Long", "round_robin");
    submit(broker, 2, "Long", "round_robin");
    submit(broker, 3, "Long", "round_robin");
    Rejected r = assertInstanceOf(Rejected.class, client.receiveMessage());
    assertEquals(3, r.requestId());
    assertTrue(r.reason().startsWith("overloaded: 2 requests already in flight"), r.reason());
  }
}
