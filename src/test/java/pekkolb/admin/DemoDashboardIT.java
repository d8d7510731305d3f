package pekkolb.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import pekkolb.cluster.NodeProcess;

/** {@code demo --dashboard} from the packaged jar: prints the dashboard's address, runs the demo, stays up. */
class DemoDashboardIT {
  private static final Duration LIMIT = Duration.ofSeconds(90);

  @Test
  void theDemoStaysUpWithItsDashboardShowingWhatItRan() throws Exception {
    String adminPort = String.valueOf(NodeProcess.freePort());
    try (NodeProcess demo = NodeProcess.start("demo", List.of(), "demo", "--dashboard", "--admin-port", adminPort,
        "--time-scale", "0.01")) {
      Matcher url = Pattern.compile("dashboard: (http://\\S+)").matcher(demo.awaitLine("dashboard: http://", LIMIT));
      assertTrue(url.find());
      demo.awaitLine("The demo is over; the dashboard stays up", LIMIT);

      HttpResponse<String> status = get(url.group(1) + "status");
      assertEquals(200, status.statusCode(), status.body());
      JsonNode s = new ObjectMapper().readTree(status.body());
      long completed = 0;
      for (JsonNode w : s.get("workers")) completed += w.get("completed").asLong();
      assertEquals(3, s.get("workers").size(), s.toString());
      assertEquals(5 + 12, completed, "the session's 5 and the burst's 12: " + s);
      // Asked after everything above: the demo is still serving.
      assertEquals("alive\n", get(url.group(1) + "alive").body());
    }
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).timeout(LIMIT).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
