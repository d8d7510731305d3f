package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.gateway.GatewayHarness.readLine;
import static pekkolb.gateway.GatewayHarness.send;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Line mode over real TCP when requests arrive split across packets: each packet is sent only once
 * the gateway has acted on the one before (the broker holds its job), so the split is real.
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
}
