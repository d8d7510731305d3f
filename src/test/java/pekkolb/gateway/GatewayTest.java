package pekkolb.gateway;

import pekkolb.routing.Strategies;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
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
import pekkolb.client.SocketClient;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Response;
import pekkolb.protocol.Stats;
import pekkolb.worker.Worker;

/**
 * The gateway over real TCP on a free port, with a broker and three workers; job time is driven by
 * ManualTime, so a Long request is answered the moment the test lets 5 s pass.
 */
@ExtendWith(LogCapturingExtension.class)
class GatewayTest {
  private static final Pattern RESPONSE =
      Pattern.compile("Response from Worker-[123] \\((Long|Short), [a-z_]+, \\d+ ms\\)");

  private ActorTestKit testKit;
  private ManualTime manualTime;
  private ActorRef<BrokerMessage> broker;
  private Gateway gateway;
  private final List<Socket> sockets = new ArrayList<>();

  private void start(Map<String, Object> overrides) {
    start(overrides, true);
  }

  private void start(Map<String, Object> overrides, boolean manual) {
    Map<String, Object> all = new HashMap<>(Map.of("lb.gateway.port", 0, "lb.broker.job-deadline-margin", "0s"));
    all.putAll(overrides);
    testKit = manual
        ? ActorTestKit.create(ManualTime.config().withFallback(TestSettings.config(all)))
        : ActorTestKit.create(TestSettings.config(all));
    manualTime = manual ? ManualTime.get(testKit.system()) : null;
    LbSettings settings = TestSettings.settings(all);
    for (int i = 1; i <= 3; i++) testKit.spawn(Worker.create(settings), "Worker-" + i);
    broker = testKit.spawn(Broker.create(settings, Strategies.forSettings(settings)), "broker");
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(() -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(3, probe.receiveMessage().workers().size());
      return null;
    });
    gateway = Gateway.bind(testKit.system(), broker, settings).toCompletableFuture().join();
  }

  @AfterEach
  void stop() throws IOException {
    for (Socket s : sockets) s.close();
    if (testKit != null) testKit.shutdownTestKit();
  }

  private Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", gateway.address().getPort());
    s.setSoTimeout(10_000);
    sockets.add(s);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  /** Exactly what the original client does: one read of at most 1024 bytes. */
  private static String recv1024(Socket s) throws IOException {
    byte[] buf = new byte[1024];
    int n = s.getInputStream().read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  private static String readLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("connection closed after '" + sb + "'");
      sb.append((char) c);
    }
    return sb.toString();
  }

  private static boolean closedByServer(Socket s) throws IOException {
    return s.getInputStream().read() == -1;
  }

  /** Waits until the broker holds {@code n} jobs, so that letting time pass finishes them. */
  private void awaitInFlight(int n) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(20), () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(n, probe.receiveMessage().inFlight());
      return null;
    });
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
    TestProbe<String> answers = testKit.createTestProbe();
    SocketClient.send(testKit.system(), gateway.address(), SocketClient.request("Short", "power_of_two"), Duration.ofSeconds(30))
        .thenAccept(answers.ref()::tell);
    awaitInFlight(1);
    manualTime.timePasses(Duration.ofSeconds(1));
    assertTrue(answers.receiveMessage().matches("Response from Worker-[123] \\(Short, power_of_two, \\d+ ms\\)"));
    SocketClient.send(testKit.system(), gateway.address(), SocketClient.request("Tiny", null), Duration.ofSeconds(30))
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
            + "weighted_round_robin, peak_ewma)");
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
