package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.gateway.GatewayHarness.closedByServer;
import static pekkolb.gateway.GatewayHarness.readLine;
import static pekkolb.gateway.GatewayHarness.recv1024;
import static pekkolb.gateway.GatewayHarness.send;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.client.SocketClient;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Response;

/**
 * The gateway over real TCP on a free port, with a broker and three workers; job time is driven by
 * ManualTime, so a Long request is answered the moment the test lets 5 s pass.
 */
@ExtendWith(LogCapturingExtension.class)
class GatewayTest {
  private static final Pattern RESPONSE =
      Pattern.compile("Response from Worker-[123] \\((Long|Short), [a-z_]+, \\d+ ms\\)");

  private GatewayHarness h;
  private ManualTime manualTime;
  private Gateway gateway;

  private void start(Map<String, Object> overrides) {
    start(overrides, true);
  }

  private void start(Map<String, Object> overrides, boolean manual) {
    h = new GatewayHarness(overrides, manual, 3);
    manualTime = h.manualTime;
    gateway = h.gateway;
  }

  @AfterEach
  void stop() throws IOException {
    if (h != null) h.close();
  }

  private Socket connect() throws IOException {
    return h.connect();
  }

  private void awaitInFlight(int n) {
    h.awaitInFlight(n);
  }

  @Test
  void anOriginalClientIsAnsweredForEveryTypeAndApproach() throws IOException {
    start(Map.of());
    for (String type : List.of("Long", "Short")) {
      for (Approach approach : Approach.values()) {
        Socket s = connect();
        send(s, "AppID:" + type + ":" + approach.wireName());
        awaitInFlight(1);
        manualTime.timePasses(Duration.ofSeconds(type.equals("Long") ? 5 : 1));
        String answer = recv1024(s);
        assertTrue(RESPONSE.matcher(answer).matches(), answer);
        assertTrue(answer.contains("(" + type + ", " + approach.wireName() + ", "), answer);
        assertTrue(closedByServer(s), "the gateway closes after a bare request, as the original did");
      }
    }
  }

  @Test
  void theJavaSocketClientSpeaksTheSameProtocol() {
    start(Map.of());
    TestProbe<String> answers = h.testKit.createTestProbe();
    SocketClient.send(h.testKit.system(), gateway.address(), SocketClient.request("Short", "power_of_two"), Duration.ofSeconds(30))
        .thenAccept(answers.ref()::tell);
    awaitInFlight(1);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertTrue(answers.receiveMessage().matches("Response from Worker-[123] \\(Short, power_of_two, \\d+ ms\\)"));
    SocketClient.send(h.testKit.system(), gateway.address(), SocketClient.request("Tiny", null), Duration.ofSeconds(30))
        .thenAccept(answers.ref()::tell);
    assertEquals("ERROR unknown app type 'Tiny' (allowed: Long, Short)", answers.receiveMessage());
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrderOnOneConnection() throws IOException {
    start(Map.of());
    Socket s = connect();
    send(s, "AppID:Long:least_connections\nAppID:Short:round_robin\nAppID:Short\n");
    awaitInFlight(3);
    manualTime.timePasses(Duration.ofSeconds(5));
    String first = readLine(s);
    assertTrue(first.matches("Response from Worker-\\d \\(Long, least_connections, \\d+ ms\\)"), first);
    assertTrue(readLine(s).matches("Response from Worker-\\d \\(Short, round_robin, \\d+ ms\\)"));
    assertTrue(readLine(s).matches("Response from Worker-\\d \\(Short, round_robin, \\d+ ms\\)")); // default approach
    send(s, "AppID:Short:power_of_two\n"); // still open for more
    awaitInFlight(1);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertTrue(readLine(s).contains("(Short, power_of_two, "));
  }

  @Test
  void everyKindOfBadInputGetsItsErrorAndTheGatewayKeepsServing() throws IOException {
    start(Map.of());
    Map<byte[], String> cases = new java.util.LinkedHashMap<>();
    cases.put("hello".getBytes(StandardCharsets.UTF_8),
        "ERROR malformed request 'hello' (expected AppID:<Long|Short>[:<approach>])");
    cases.put("AppID:Medium:round_robin".getBytes(StandardCharsets.UTF_8),
        "ERROR unknown app type 'Medium' (allowed: Long, Short)");
    cases.put("AppID:Long:fastest".getBytes(StandardCharsets.UTF_8),
        "ERROR unknown approach 'fastest' (allowed: round_robin, least_connections, random, power_of_two, "
            + "weighted_round_robin, peak_ewma, least_work, queue, prequal, hedged_least_connections, reported_weighted_round_robin)");
    cases.put("AppID:".concat("L".repeat(2000)).getBytes(StandardCharsets.UTF_8),
        "ERROR request longer than 1024 bytes (lb.gateway.max-line-length)");
    cases.put(new byte[] {'A', 'p', (byte) 0xc3, (byte) 0x28}, "ERROR invalid UTF-8 in request");
    for (Map.Entry<byte[], String> c : cases.entrySet()) {
      Socket s = connect();
      s.getOutputStream().write(c.getKey());
      assertEquals(c.getValue(), recv1024(s));
      assertTrue(closedByServer(s));
    }
    // In line mode an error answers that line only; the connection goes on.
    Socket lines = connect();
    send(lines, "nonsense\nAppID:Short:least_connections\n");
    assertEquals("ERROR malformed request 'nonsense' (expected AppID:<Long|Short>[:<approach>])", readLine(lines));
    awaitInFlight(1);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertTrue(readLine(lines).contains("(Short, least_connections, "));
    // And the next client is served as usual.
    Socket next = connect();
    send(next, "AppID:Short:round_robin");
    awaitInFlight(1);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertTrue(RESPONSE.matcher(recv1024(next)).matches());
  }

  @Test
  void aRejectionFromTheBrokerIsAnError() throws IOException {
    start(Map.of("lb.broker.max-in-flight", 1));
    Socket first = connect();
    send(first, "AppID:Long:round_robin");
    awaitInFlight(1);
    Socket second = connect();
    send(second, "AppID:Long:round_robin");
    assertEquals("ERROR overloaded: 1 requests already in flight (lb.broker.max-in-flight)", recv1024(second));
    manualTime.timePasses(Duration.ofSeconds(5));
    assertTrue(RESPONSE.matcher(recv1024(first)).matches());
  }

  @Test
  void hundredsOfConcurrentClientsAreAllAnsweredInTheTimeOfOneLongJob() throws IOException {
    start(Map.of());
    int n = 300;
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Socket s = connect();
      send(s, "AppID:Long:" + (i % 2 == 0 ? "round_robin" : "least_connections"));
      clients.add(s);
    }
    awaitInFlight(n);
    manualTime.timePasses(Duration.ofSeconds(5)); // one Long job's time, not n of them
    int answered = 0;
    for (Socket s : clients) if (RESPONSE.matcher(recv1024(s)).matches()) answered++;
    assertEquals(n, answered);
  }

  @Test
  void connectionsBeyondTheLimitAreToldBusy() throws IOException {
    start(Map.of("lb.gateway.max-connections", 2));
    Socket a = connect();
    Socket b = connect();
    send(a, "AppID:Long\n");
    send(b, "AppID:Long\n");
    awaitInFlight(2); // both connections are open and being served
    Socket c = connect();
    assertEquals("ERROR busy\n", recv1024(c));
    assertTrue(closedByServer(c));
    manualTime.timePasses(Duration.ofSeconds(5));
    assertTrue(RESPONSE.matcher(readLine(a)).matches());
    assertTrue(RESPONSE.matcher(readLine(b)).matches());
  }

  @Test
  void aSilentConnectionIsClosedWithAReasonAndCostsOthersNothing() throws IOException {
    // Pekko's idle detection reads the real clock, so this test runs in real time: a 1 s idle
    // timeout, and jobs at time scale 0.01 (a Short takes 10 ms).
    start(Map.of("lb.gateway.idle-timeout", "1s", "lb.time-scale", 0.01), false);
    Socket silent = connect();
    send(silent, "AppID:Lo");
    long start = System.nanoTime();
    Socket busy = connect();
    send(busy, "AppID:Short:round_robin");
    assertTrue(RESPONSE.matcher(recv1024(busy)).matches());
    assertEquals("ERROR idle timeout: no complete request within 1 s (lb.gateway.idle-timeout)\n", recv1024(silent));
    assertTrue(System.nanoTime() - start >= 900_000_000L, "not before the timeout");
    assertTrue(closedByServer(silent));
  }

  @Test
  void aClientThatLeavesEarlyCostsOnlyItsOwnAnswer() throws IOException {
    start(Map.of());
    Socket quitter = connect();
    send(quitter, "AppID:Long:round_robin");
    awaitInFlight(1);
    quitter.close();
    Socket stayer = connect();
    send(stayer, "AppID:Long:round_robin");
    awaitInFlight(2);
    manualTime.timePasses(Duration.ofSeconds(5));
    assertTrue(RESPONSE.matcher(recv1024(stayer)).matches());
    awaitInFlight(0); // the broker still finished and accounted the abandoned job
  }
}
