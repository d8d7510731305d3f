package pekkolb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pekkolb.cluster.NodeProcess;

/**
 * The dashboard in a real browser: `serve` from the packaged jar with two brokers, four slots per
 * worker and Worker-1 four times slower, headless Chromium on the dashboard, round_robin and
 * least_connections load on the gateway. What is asserted is read from the page's DOM, waiting in
 * the page for each state (never a fixed time).
 * A screenshot under load goes to target/dashboard.png, and to -Dpekkolb.screenshot=PATH if given.
 */
class DashboardBrowserIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);
  private static final Pattern SERVING = Pattern.compile("serving on ([0-9.]+):(\\d+)");
  private static final Pattern DASHBOARD = Pattern.compile("dashboard: (http://\\S+)");

  /** A promise that resolves with {@code condition()}'s value once it is truthy, polled in the page. */
  private static String waitFor(String condition, String what) {
    return "new Promise((resolve, reject) => { const t0 = Date.now(); (function check() {"
        + " let v = null; try { v = (" + condition + ")(); } catch (e) { v = null; }"
        + " if (v) resolve(v); else if (Date.now() - t0 > " + (LIMIT.toMillis() - 5_000) + ")"
        + " reject(new Error('timed out waiting for " + what + "')); else setTimeout(check, 100); })(); })";
  }

  private static final String WORKER_NAMES = "() => { const rows = [...document.querySelectorAll('.worker[data-worker]')];"
      + " return rows.length === 3 && rows.map(r => r.dataset.worker).join(','); }";

  /** Every worker's in-flight count has shown at least three different values since the first call. */
  private static final String IN_FLIGHT_CHANGED = "() => { const seen = window.seenInFlight || (window.seenInFlight = {});"
      + " for (const r of document.querySelectorAll('.worker[data-worker]'))"
      + "   (seen[r.dataset.worker] || (seen[r.dataset.worker] = new Set())).add(r.dataset.inFlight);"
      + " const changed = Object.keys(seen).filter(w => seen[w].size >= 3);"
      + " return changed.length === 3 && Object.fromEntries(changed.map(w => [w, [...seen[w]].length])); }";

  /**
   * Round robin has piled its jobs on the slow Worker-1, least connections has steered around it,
   * and both approaches have answered enough for their latencies to mean something.
   */
  private static final String PILED_UP = "() => { const n = (w, a) => { const s = document.querySelector("
      + " '.worker[data-worker=\"' + w + '\"] .seg[data-approach=\"' + a + '\"]'); return s ? +s.dataset.inFlight : 0; };"
      + " const answered = a => { const row = document.querySelector('tr[data-approach=\"' + a + '\"]');"
      + "   return row ? +row.children[5].textContent : 0; };"
      + " const rr = w => n(w, 'round_robin'), lc = w => n(w, 'least_connections');"
      + " return rr('Worker-1') > rr('Worker-2') + rr('Worker-3') && lc('Worker-1') < lc('Worker-2') + lc('Worker-3')"
      + "   && answered('round_robin') >= 40 && answered('least_connections') >= 40"
      + "   && [rr('Worker-1'), rr('Worker-2'), rr('Worker-3'), lc('Worker-1'), lc('Worker-2'), lc('Worker-3')]; }";

  /** Each worker shows its four slots, and both brokers are listed with their own counts. */
  private static final String SLOTS_AND_BROKERS = "() => { const rows = [...document.querySelectorAll('.worker[data-worker]')];"
      + " const brokers = [...document.querySelectorAll('tr[data-broker]')].map(r => r.dataset.broker);"
      + " return rows.length === 3 && rows.every(r => r.dataset.slots === '4' && r.querySelector('.slots'))"
      + "   && brokers.length === 2 && brokers; }";

  /** Every worker shows its own recent p50, and the slow Worker-1's is above the others'. */
  private static final String WORKER_LATENCY = "() => { const p50 = w => { const e = document.querySelector("
      + " '.worker[data-worker=\"' + w + '\"] .wlat'); return e && e.dataset.p50 !== '' ? +e.dataset.p50 : null; };"
      + " const v = ['Worker-1', 'Worker-2', 'Worker-3'].map(p50);"
      + " return v.every(x => x !== null) && v[0] > v[1] && v[0] > v[2] && v; }";

  @Test
  void theDashboardShowsTheWorkersAndTheirJobsInFlightChangingUnderLoad() throws Exception {
    String adminPort = String.valueOf(NodeProcess.freePort());
    try (NodeProcess serve = NodeProcess.start("serve",
        // Worker-1 takes 4x its jobs' length: keep the broker's deadline backstop well above that.
        List.of("-Dlb.broker.job-deadline-margin=60s", "-Dlb.worker.slots=4"), "serve", "--port", "0",
        "--admin-port", adminPort, "--brokers", "2", "--time-scale", "0.1", "--worker-speed", "Worker-1=0.25")) {
      Matcher gateway = SERVING.matcher(serve.awaitLine(SERVING.pattern(), LIMIT));
      Matcher dashboard = DASHBOARD.matcher(serve.awaitLine(DASHBOARD.pattern(), LIMIT));
      assertTrue(gateway.find() && dashboard.find());
      String host = gateway.group(1);
      int port = Integer.parseInt(gateway.group(2));

      try (Chromium chromium = Chromium.open(dashboard.group(1), 1200, 1000, LIMIT)) {
        assertEquals("Worker-1,Worker-2,Worker-3", chromium.evaluate(waitFor(WORKER_NAMES, "three workers"), LIMIT).asText());
        assertEquals("[\"/user/broker\",\"/user/broker-2\"]",
            chromium.evaluate(waitFor(SLOTS_AND_BROKERS, "slots and two brokers"), LIMIT).toString());

        try (GatewayLoad rr = new GatewayLoad(host, port, "round_robin", 8);
            GatewayLoad lc = new GatewayLoad(host, port, "least_connections", 8)) {
          JsonNode changed = chromium.evaluate(waitFor(IN_FLIGHT_CHANGED, "in-flight counts to change"), LIMIT);
          assertEquals(3, changed.size(), changed.toString());

          JsonNode piled = chromium.evaluate(waitFor(PILED_UP, "round robin to pile jobs on Worker-1"), LIMIT);
          JsonNode p50 = chromium.evaluate(waitFor(WORKER_LATENCY, "a p50 per worker, highest on Worker-1"), LIMIT);
          byte[] png = chromium.screenshot(LIMIT);
          assertTrue(p50.get(0).asDouble() > p50.get(1).asDouble() && p50.get(0).asDouble() > p50.get(2).asDouble(), p50.toString());
          assertTrue(piled.get(0).asInt() > piled.get(1).asInt() + piled.get(2).asInt(), piled.toString());
          assertTrue(piled.get(3).asInt() < piled.get(4).asInt() + piled.get(5).asInt(), piled.toString());
          save(png);
          assertTrue(rr.answered.get() > 0 && lc.answered.get() > 0, "no answers under load");
          assertEquals(0, rr.errors.get() + lc.errors.get(), "errors under load, the first: " + rr.firstError + " / " + lc.firstError);
        }
      }
    }
  }

  private static void save(byte[] png) throws Exception {
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
    Files.createDirectories(Path.of("target"));
    Files.write(Path.of("target", "dashboard.png"), png);
    String copy = System.getProperty("pekkolb.screenshot");
    if (copy != null && !copy.isBlank()) Files.write(Path.of(copy), png);
  }
}
