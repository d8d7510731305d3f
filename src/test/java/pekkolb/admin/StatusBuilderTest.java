package pekkolb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.metrics.Metrics;
import pekkolb.metrics.MetricsSnapshot;
import pekkolb.protocol.Stats;
import pekkolb.protocol.WorkerState;
import pekkolb.protocol.WorkerStats;

/** The /status document from two brokers' accounting and two metrics snapshots, without actors. */
class StatusBuilderTest {
  private static final long MS = 1_000_000;

  private static Status.WorkerStatus worker(Status s, String name) {
    return s.workers().stream().filter(w -> w.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void workersAreSummedOverTheBrokersWithSlotsAndEachBrokerKeepsItsOwnCounts() {
    Map<String, Stats> brokers = new LinkedHashMap<>();
    brokers.put("/user/broker", new Stats(List.of(
        new WorkerStats("Worker-1", WorkerState.ROUTABLE, 3, 5, 1, 3, 4),
        new WorkerStats("Worker-2", WorkerState.DEREGISTERED, 1, 0, 2, 1, 0)), 4, 2));
    brokers.put("/user/broker-2", new Stats(List.of(
        new WorkerStats("Worker-1", WorkerState.ROUTABLE, 2, 1, 1, 0, 4),
        new WorkerStats("Worker-2", WorkerState.ROUTABLE, 0, 1, 0, 1, 0)), 2, 0));
    MetricsSnapshot empty = new Metrics(true).snapshot();

    Status s = StatusBuilder.build(brokers, empty, empty, 0);

    assertEquals(List.of("/user/broker", "/user/broker-2"), s.brokers().stream().map(Status.BrokerStatus::name).toList());
    assertEquals(Map.of("Worker-1", 3, "Worker-2", 1), s.brokers().get(0).workersInFlight());
    assertEquals(Map.of("Worker-1", 2, "Worker-2", 0), s.brokers().get(1).workersInFlight());
    assertEquals(2, s.brokers().get(0).waiting());
    Status.WorkerStatus w1 = worker(s, "Worker-1");
    assertEquals(5, w1.inFlight());
    assertEquals(4, w1.slots());
    assertEquals(8, w1.dispatched());
    assertEquals(3, w1.completed());
    // Routable as soon as one broker may route to it.
    assertEquals("routable", worker(s, "Worker-2").state());
    assertEquals(0, worker(s, "Worker-2").slots());
    assertTrue(s.ready());
  }

  @Test
  void eachWorkerHasItsOwnRecentPercentilesOverTheWindowOnly() {
    Metrics metrics = new Metrics(true);
    BrokerMetrics a = metrics.newBroker();
    BrokerMetrics b = metrics.newBroker();
    // Before the window: a very slow answer from Worker-2, which must not count.
    a.worker("Worker-2").dispatched("Long", "least_connections");
    a.worker("Worker-2").completed("least_connections", 30_000 * MS);
    MetricsSnapshot then = metrics.snapshot();
    for (int i = 0; i < 10; i++) {
      String approach = i % 2 == 0 ? "round_robin" : "least_connections";
      a.worker("Worker-1").dispatched("Short", "round_robin");
      a.worker("Worker-1").completed("round_robin", 400 * MS);
      b.worker("Worker-1").dispatched("Short", "least_connections");
      b.worker("Worker-1").completed("least_connections", 400 * MS);
      a.worker("Worker-2").dispatched("Short", approach);
      a.worker("Worker-2").completed(approach, 2 * MS);
    }
    MetricsSnapshot now = metrics.snapshot();
    Map<String, Stats> brokers = Map.of("/user/broker", new Stats(List.of(
        new WorkerStats("Worker-1", WorkerState.ROUTABLE, 0, 20, 0, 20, 0),
        new WorkerStats("Worker-2", WorkerState.ROUTABLE, 0, 11, 0, 11, 0),
        new WorkerStats("Worker-3", WorkerState.UNREACHABLE, 0, 0, 0, 0, 0)), 0, 0));

    Status s = StatusBuilder.build(brokers, now, then, 0);

    Status.WorkerStatus w1 = worker(s, "Worker-1");
    Status.WorkerStatus w2 = worker(s, "Worker-2");
    // Percentiles are interpolated within the histogram's bucket of 400 ms (362 to 512 ms).
    assertTrue(w1.p50Millis() > 362 && w1.p50Millis() <= 512, w1.toString());
    assertTrue(w1.p99Millis() > 362 && w1.p99Millis() <= 512, w1.toString());
    assertTrue(w2.p50Millis() > 1 && w2.p50Millis() <= 2, w2.toString());
    assertTrue(w2.p99Millis() <= 2, "the answer before the window counted: " + w2);
    assertNull(worker(s, "Worker-3").p50Millis());
    assertEquals(6, w2.byApproach().get("least_connections").completed());
    // Per approach, Worker-1's 400 ms answers and Worker-2's 2 ms ones are mixed, as before.
    assertEquals(15, s.approaches().get("round_robin").completed());
    assertEquals(16, s.approaches().get("least_connections").completed());
    assertTrue(s.approaches().get("round_robin").p50Millis() > 362, s.approaches().toString());
    assertEquals(3, s.workers().size());
  }
}
