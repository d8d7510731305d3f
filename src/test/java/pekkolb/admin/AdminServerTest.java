package pekkolb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
import pekkolb.broker.Broker;
import pekkolb.worker.Worker;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;

/**
 * The admin endpoint over real HTTP on a free port, in front of a broker and workers. Job time is
 * ManualTime where the test must catch jobs in flight, so nothing depends on how fast the machine is.
 */
@ExtendWith(LogCapturingExtension.class)
class AdminServerTest {
  private static final Duration LIMIT = Duration.ofSeconds(30);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final ObjectMapper json = new ObjectMapper();
  private ActorTestKit testKit;
  private ManualTime manualTime;
  private LbSettings settings;
  private ActorRef<BrokerMessage> broker;
  private String base;

  private void start(boolean manual, int workers) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, Object> overrides = Map.of("lb.admin.port", port, "lb.broker.job-deadline-margin", "0s", "lb.worker.slots", 2);
    testKit = manual
        ? ActorTestKit.create(ManualTime.config().withFallback(TestSettings.config(overrides)))
        : ActorTestKit.create(TestSettings.config(overrides));
    manualTime = manual ? ManualTime.get(testKit.system()) : null;
    settings = TestSettings.settings(overrides);
    for (int i = 1; i <= workers; i++) testKit.spawn(Worker.create(settings), "Worker-" + i);
    broker = testKit.spawn(Broker.create(settings), "broker");
    awaitWorkers(workers);
    base = AdminServer.start(testKit.system(), List.of(broker), settings).orElseThrow().url();
  }

  private void awaitWorkers(int n) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(LIMIT, () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(n, probe.receiveMessage().workers().size());
      return null;
    });
  }

  @AfterEach
  void stop() {
    if (testKit != null) testKit.shutdownTestKit();
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(LIMIT).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The Prometheus text parsed back: series (name and labels as printed) to value; comments skipped. */
  private Map<String, Double> metrics() throws IOException, InterruptedException {
    HttpResponse<String> r = get("metrics");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"), r.headers().toString());
    Map<String, Double> series = new HashMap<>();
    for (String line : r.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) continue;
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
    return series;
  }

  private static double sum(Map<String, Double> series, String prefix) {
    return series.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToDouble(Map.Entry::getValue).sum();
  }

  private TestProbe<Reply> submitLong(int n, String approach) {
    TestProbe<Reply> replies = testKit.createTestProbe();
    for (int i = 0; i < n; i++) broker.tell(new Submit(i, "Long", approach, -1, replies.ref()));
    return replies;
  }

  @Test
  void metricsMoveAsRequestsRunAndComplete() throws Exception {
    start(true, 3);
    TestProbe<Reply> rr = submitLong(4, "round_robin");
    TestProbe<Reply> lc = submitLong(2, "least_connections");
    rr.awaitAssert(LIMIT, () -> {
      Map<String, Double> m = call(this::metrics);
      assertEquals(6.0, sum(m, "pekkolb_jobs_in_flight{"), m.toString());
      assertEquals(4.0, sum(m, "pekkolb_jobs_dispatched_total{approach=\"round_robin\",type=\"Long\""));
      assertEquals(2.0, sum(m, "pekkolb_jobs_dispatched_total{approach=\"least_connections\",type=\"Long\""));
      return null;
    });

    manualTime.timePasses(Duration.ofSeconds(5));
    rr.receiveSeveralMessages(4, LIMIT).forEach(r -> assertTrue(r instanceof Response, r.toString()));
    lc.receiveSeveralMessages(2, LIMIT).forEach(r -> assertTrue(r instanceof Response, r.toString()));

    Map<String, Double> m = metrics();
    assertEquals(0.0, sum(m, "pekkolb_jobs_in_flight{"));
    assertEquals(6.0, sum(m, "pekkolb_jobs_completed_total{"));
    assertEquals(4.0, m.get("pekkolb_request_duration_seconds_count{approach=\"round_robin\"}"));
    assertEquals(2.0, m.get("pekkolb_request_duration_seconds_count{approach=\"least_connections\"}"));
    assertEquals(3.0, sum(m, "pekkolb_worker_events_total{event=\"joined\"}"));
    // Every worker answered at least one job, so each has its own recent latencies (real time: ManualTime
    // moved the jobs' timers, not the clock they are measured with).
    for (JsonNode w : json.readTree(get("status").body()).get("workers")) {
      assertTrue(w.get("p50Millis").isNumber() && w.get("p99Millis").asDouble() >= w.get("p50Millis").asDouble(), w.toString());
    }
  }

  @Test
  void statusShowsTheWorkersWhatTheyHoldAndTheRejections() throws Exception {
    start(true, 3);
    submitLong(3, "round_robin");
    TestProbe<Reply> bad = testKit.createTestProbe();
    broker.tell(new Submit(9, "Medium", "round_robin", -1, bad.ref()));
    assertTrue(bad.receiveMessage(LIMIT) instanceof Rejected);

    bad.awaitAssert(LIMIT, () -> {
      HttpResponse<String> r = call(() -> get("status"));
      assertEquals(200, r.statusCode());
      assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
      JsonNode s = call(() -> json.readTree(r.body()));
      assertTrue(s.get("ready").asBoolean());
      JsonNode workers = s.get("workers");
      assertEquals(List.of("Worker-1", "Worker-2", "Worker-3"),
          Stream.of(workers.get(0), workers.get(1), workers.get(2)).map(w -> w.get("name").asText()).toList());
      for (JsonNode w : workers) {
        assertEquals("routable", w.get("state").asText());
        assertEquals(1, w.get("inFlight").asInt(), w.toString()); // round robin: one Long job each
        assertEquals(1, w.get("byApproach").get("round_robin").get("inFlight").asInt(), w.toString());
        assertEquals(2, w.get("slots").asInt(), w.toString());
        assertTrue(w.get("p50Millis").isNull(), "nothing answered yet: " + w);
      }
      assertEquals(1, s.get("brokers").size());
      assertEquals(1, s.get("brokers").get(0).get("workersInFlight").get("Worker-2").asInt(), s.toString());
      assertEquals(1, s.get("rejections").get("bad_request").asInt(), s.toString());
      assertEquals(3, s.get("events").size());
      return null;
    });
    assertEquals("alive\n", get("alive").body());
    assertEquals(200, get("ready").statusCode());
  }

  @Test
  void notReadyUntilAWorkerIsRoutable() throws Exception {
    start(false, 0);
    HttpResponse<String> r = get("ready");
    assertEquals(503, r.statusCode());
    assertTrue(r.body().contains("no routable worker"), r.body());
    assertEquals(200, get("alive").statusCode());

    testKit.spawn(Worker.create(settings), "Worker-1");
    awaitWorkers(1);
    assertEquals(200, get("ready").statusCode());
  }

  @Test
  void badPathsAndMethodsGetPlainErrorsNotStackTraces() throws Exception {
    start(false, 1);
    for (String path : List.of("nope", "metrics/extra", "status.json", "ready/", "..%2Fetc")) {
      HttpResponse<String> r = get(path);
      assertEquals(404, r.statusCode(), path);
      assertFalse(r.body().contains("Exception") || r.body().contains("at org."), r.body());
    }
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base + "status"))
        .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, post.statusCode());
  }

  @Test
  void theDashboardIsOnePageThatFetchesNothingFromOutside() throws Exception {
    start(false, 1);
    HttpResponse<String> page = get("");
    assertEquals(200, page.statusCode());
    assertTrue(page.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    assertTrue(page.body().contains("new EventSource(\"events\")"));
    assertFalse(page.body().matches("(?s).*(src|href)=\"(https?:)?//.*"), "the page links outside");
  }

  @Test
  void eventsStreamTheStatusAsServerSentEvents() throws Exception {
    start(false, 3);
    HttpResponse<Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(base + "events")).build(),
        HttpResponse.BodyHandlers.ofLines());
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));
    try (Stream<String> lines = r.body()) {
      List<String> data = lines.filter(l -> l.startsWith("data:")).limit(2).toList();
      for (String d : data) {
        JsonNode s = json.readTree(d.substring("data:".length()));
        assertEquals(3, s.get("workers").size(), d);
      }
    }
  }

  private interface Io<T> {
    T get() throws Exception;
  }

  /** Runs an HTTP call inside an awaitAssert block, where checked exceptions cannot be thrown. */
  private static <T> T call(Io<T> io) {
    try {
      return io.get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
