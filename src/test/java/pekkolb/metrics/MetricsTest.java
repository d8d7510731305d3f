package pekkolb.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static MetricsSnapshot.Row row(MetricsSnapshot s, String worker, String approach) {
    return s.rows().stream().filter(r -> r.worker().equals(worker) && r.approach().equals(approach)).findFirst().orElseThrow();
  }

  @Test
  void countsFollowDispatchCompletionAndTakeBackPerWorkerAndApproach() {
    Metrics metrics = new Metrics(true);
    BrokerMetrics broker = metrics.newBroker();
    BrokerMetrics.WorkerMetrics w1 = broker.worker("Worker-1");
    BrokerMetrics.WorkerMetrics w2 = broker.worker("Worker-2");
    w1.dispatched("Long", "round_robin");
    w1.dispatched("Short", "round_robin");
    w1.dispatched("Short", "round_robin");
    w2.dispatched("Short", "least_connections");
    w1.completed("round_robin", 2_000_000);
    w2.takenBack("least_connections");

    MetricsSnapshot s = metrics.snapshot();
    MetricsSnapshot.Row rr = row(s, "Worker-1", "round_robin");
    assertEquals(2, rr.inFlight());
    assertEquals(Map.of("Long", 1L, "Short", 2L), rr.dispatchedByType());
    assertEquals(1, rr.completed());
    MetricsSnapshot.Row lc = row(s, "Worker-2", "least_connections");
    assertEquals(0, lc.inFlight());
    assertEquals(1, lc.takenBack());
    assertEquals(1, java.util.Arrays.stream(s.latencyCounts().get("round_robin")).sum());

    w1.completed("round_robin", 1_000_000);
    w1.completed("round_robin", 3_000_000);
    s = metrics.snapshot();
    assertEquals(3, row(s, "Worker-1", "round_robin").completed());
    assertEquals(0, row(s, "Worker-1", "round_robin").inFlight());
    assertEquals(3, java.util.Arrays.stream(s.latencyCounts().get("round_robin")).sum());
  }

  @Test
  void twoBrokersOfOneSystemAreSummedAndTheSameWorkerNameGetsTheSameHandle() {
    Metrics metrics = new Metrics(true);
    BrokerMetrics a = metrics.newBroker();
    BrokerMetrics b = metrics.newBroker();
    assertTrue(a.worker("Worker-1") == a.worker("Worker-1"));
    a.worker("Worker-1").dispatched("Short", "round_robin");
    b.worker("Worker-1").dispatched("Short", "round_robin");
    assertEquals(2, row(metrics.snapshot(), "Worker-1", "round_robin").inFlight());
  }

  @Test
  void offRecordsNothing() {
    Metrics metrics = new Metrics(false);
    BrokerMetrics broker = metrics.newBroker();
    broker.worker("Worker-1").dispatched("Short", "round_robin");
    broker.rejected("overloaded: 1 requests already in flight");
    assertTrue(metrics.snapshot().rows().isEmpty());
    assertTrue(metrics.snapshot().rejections().isEmpty());
  }

  @Test
  void rejectionReasonsBecomeFewLabels() {
    assertEquals("overloaded", Metrics.reasonLabel("overloaded: 5 requests already in flight (lb.broker.max-in-flight)"));
    assertEquals("gave_up", Metrics.reasonLabel("worker Worker-1 was lost; gave up after 3 attempt(s) (lb.broker.max-attempts)"));
    assertEquals("no_worker", Metrics.reasonLabel("no workers available and the waiting buffer is full (1000 requests)"));
    assertEquals("no_worker", Metrics.reasonLabel("no worker became available within 30 s"));
    assertEquals("no_worker", Metrics.reasonLabel("worker Worker-1 was lost and no other worker is available"));
    assertEquals("bad_request", Metrics.reasonLabel("unknown approach 'fastest' (allowed: round_robin, ...)"));
    assertEquals("bad_request", Metrics.reasonLabel("missing app type (allowed: Long, Short)"));
    assertEquals("other", Metrics.reasonLabel("something new"));
  }

  @Test
  void workerEventsAreCountedAndTheRecentOnesKeptInOrder() {
    Metrics metrics = new Metrics(true);
    BrokerMetrics broker = metrics.newBroker();
    for (int i = 0; i < 60; i++) broker.workerEvent("Worker-" + i, i % 2 == 0 ? "joined" : "unreachable");
    MetricsSnapshot s = metrics.snapshot();
    assertEquals(Map.of("joined", 30L, "unreachable", 30L), s.workerEvents());
    assertEquals(50, s.recentEvents().size());
    assertEquals("Worker-59", s.recentEvents().get(49).worker());
  }

  @Test
  void prometheusTextHasTheConventionalNamesAndValues() {
    Metrics metrics = new Metrics(true);
    BrokerMetrics broker = metrics.newBroker();
    broker.worker("Worker-1").dispatched("Long", "round_robin");
    broker.worker("Worker-2").dispatched("Short", "least_connections");
    broker.worker("Worker-2").completed("least_connections", 1_500_000_000L);
    broker.rejected("overloaded: 2 requests already in flight");
    metrics.gateway(() -> 4, () -> 7);

    String text = new String(metrics.prometheusText(), StandardCharsets.UTF_8);
    assertTrue(text.contains("pekkolb_jobs_dispatched_total{approach=\"round_robin\",type=\"Long\",worker=\"Worker-1\"} 1.0"), text);
    assertTrue(text.contains("pekkolb_jobs_in_flight{approach=\"round_robin\",worker=\"Worker-1\"} 1.0"), text);
    assertTrue(text.contains("pekkolb_jobs_in_flight{approach=\"least_connections\",worker=\"Worker-2\"} 0.0"), text);
    assertTrue(text.contains("pekkolb_jobs_completed_total{approach=\"least_connections\",worker=\"Worker-2\"} 1.0"), text);
    assertTrue(text.contains("pekkolb_requests_rejected_total{reason=\"overloaded\"} 1.0"), text);
    assertTrue(text.contains("pekkolb_request_duration_seconds_count{approach=\"least_connections\"} 1"), text);
    assertTrue(text.contains("pekkolb_request_duration_seconds_sum{approach=\"least_connections\"} 1.5"), text);
    assertTrue(text.contains("pekkolb_request_duration_seconds_bucket{approach=\"least_connections\",le=\"+Inf\"} 1"), text);
    assertTrue(text.contains("pekkolb_gateway_connections_open 4.0"), text);
    assertTrue(text.contains("pekkolb_gateway_connections_refused_total 7.0"), text);
  }
}
