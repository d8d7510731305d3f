package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.gateway.GatewayHarness.readLine;
import static pekkolb.gateway.GatewayHarness.send;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.Response;

/**
 * Pipelines over real TCP: requests split across packets (each packet is sent only once the gateway
 * has acted on the one before, so the split is real), and a drain that waits for queued requests.
 */
@ExtendWith(LogCapturingExtension.class)
class GatewayLineModeTest {
  private GatewayHarness h;

  @AfterEach
  void stop() throws IOException {
    if (h != null) h.close();
  }

  @Test
  void aConnectionStaysInLineModeAcrossPacketsAndCarriageReturnSplits() throws IOException {
    h = new GatewayHarness(Map.of(), true, 3);
    Socket s = h.connect();
    send(s, "AppID:Short:round_robin\nAppID:Short:random");
    h.awaitInFlight(1);
    send(s, "\nAppID:Short\nAppID:Short:least_connections\r");
    h.awaitInFlight(3);
    send(s, "\nAppID:Short:power_of_two\r\n");
    h.awaitInFlight(5);
    h.manualTime.timePasses(Duration.ofSeconds(1));
    for (String approach : List.of("round_robin", "random", "round_robin", "least_connections", "power_of_two")) {
      String answer = readLine(s);
      assertTrue(answer.matches("Response from Worker-\\d \\(Short, " + approach + ", \\d+ ms\\)"), answer);
    }
    send(s, "AppID:Long\n"); // still open
    h.awaitInFlight(1);
    h.manualTime.timePasses(Duration.ofSeconds(5));
    assertTrue(readLine(s).contains("(Long, round_robin, "));
    assertEquals(0, s.getInputStream().available());
  }

  @Test
  void aDrainWaitsForEveryQueuedRequestOfAPipeline() throws IOException {
    h = new GatewayHarness(Map.of("lb.gateway.parallelism", 1), true, 3);
    Socket s = h.connect();
    send(s, "AppID:Long\nAppID:Long\nAppID:Long\n");
    h.awaitInFlight(1); // one at the broker, two queued behind it
    h.gateway.unbind().toCompletableFuture().join();
    for (int i = 1; i <= 3; i++) {
      assertFalse(h.gateway.drained().toCompletableFuture().isDone(), (4 - i) + " request(s) still owed");
      h.awaitInFlight(1);
      h.manualTime.timePasses(Duration.ofSeconds(5));
      assertTrue(readLine(s).contains("(Long, round_robin, "));
    }
    h.gateway.drained().toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
  }
}
