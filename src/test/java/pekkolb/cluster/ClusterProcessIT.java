package pekkolb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The packaged jar as separate JVMs, as a user runs it in separate terminals: a broker node, three
 * worker nodes and client nodes, on free ports. Every process started here is killed at the end,
 * whatever happens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterProcessIT {
  private static final Duration UP = Duration.ofSeconds(150);
  /**
   * Seven JVMs on a loaded 2-core machine: a starved node may send no heartbeat for seconds (seen:
   * 11 s at load average 25), which the 3 s default reads as unreachable, and the split-brain resolver
   * answers the flapping by downing every node.
   */
  private static final List<String> NODE_PATIENCE = List.of(
      "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=30s",
      "-Dpekko.cluster.split-brain-resolver.down-all-when-unstable=off");
  /** The broker takes a killed worker's jobs back when it sees it unreachable, not earlier at a job's deadline. */
  private static final List<String> BROKER_PATIENCE = concat(NODE_PATIENCE, "-Dlb.broker.job-deadline-margin=90s");
  /** ... and a client may take longer than the default 30 s to find the broker or an answer. */
  private static final List<String> CLIENT_PATIENCE = concat(NODE_PATIENCE,
      "-Dlb.cluster.find-broker-timeout=90s", "-Dlb.client.ask-timeout=120s");

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  private static final List<NodeProcess> started = new ArrayList<>();
  private static NodeProcess broker;
  private static final NodeProcess[] workers = new NodeProcess[4];
  private static int brokerPort;
  private static int gatewayPort;

  @BeforeAll
  static void startCluster() throws Exception {
    brokerPort = NodeProcess.freePort();
    gatewayPort = NodeProcess.freePort();
    broker = track(NodeProcess.start("broker", BROKER_PATIENCE, "broker", "--port", "" + brokerPort, "--gateway-port", "" + gatewayPort,
        "--admin-port", "0", "--seed-nodes", "127.0.0.1:" + brokerPort)); // the broker alone forms this test's cluster
    broker.awaitLine("broker node up at", UP);
    for (int id = 1; id <= 3; id++) {
      workers[id] = track(NodeProcess.start("worker " + id, NODE_PATIENCE, "worker", "" + id,
          "--port", "" + NodeProcess.freePort(), "--seed-nodes", "127.0.0.1:" + brokerPort));
    }
    for (int id = 1; id <= 3; id++) broker.awaitLine("worker joined: Worker-" + id, UP);
  }

  @AfterAll
  static void stopEverything() {
    started.forEach(NodeProcess::close);
  }

  private static NodeProcess track(NodeProcess p) {
    started.add(p);
    return p;
  }

  private static NodeProcess client(String... args) throws IOException {
    return track(NodeProcess.client(CLIENT_PATIENCE, "127.0.0.1:" + brokerPort, args));
  }

  @Test
  @Order(1)
  void longAndShortUnderBothApproachesAreAnsweredAcrossTheWorkerNodes() throws Exception {
    List<NodeProcess> clients = new ArrayList<>();
    for (String type : List.of("Short", "Long")) {
      for (String approach : List.of("round_robin", "least_connections")) {
        clients.add(client(type, approach, "--count", "3", "--concurrency", "3"));
      }
    }
    Set<String> usedWorkers = new HashSet<>();
    for (NodeProcess c : clients) {
      assertEquals(0, c.awaitExit(UP), c.output());
      List<String> by = c.responders();
      assertEquals(3, by.size(), c.output());
      usedWorkers.addAll(by);
      String firstAnswer = c.awaitLine("first answer .* after start", Duration.ZERO);
      System.out.println("[measured] " + firstAnswer.replace("[Client] ", ""));
    }
    assertEquals(Set.of("Worker-1", "Worker-2", "Worker-3"), usedWorkers);
  }

  @Test
  @Order(2)
  void theBrokerNodeServesTheOriginalSocketProtocol() throws Exception {
    try (Socket s = new Socket("127.0.0.1", gatewayPort)) {
      s.setSoTimeout(30_000);
      s.getOutputStream().write("AppID:Short:least_connections".getBytes(StandardCharsets.US_ASCII));
      byte[] buf = new byte[1024];
      int n = s.getInputStream().read(buf);
      String answer = new String(buf, 0, n, StandardCharsets.US_ASCII);
      assertTrue(answer.matches("Response from Worker-[123] \\(Short, least_connections, \\d+ ms\\)"), answer);
    }
  }

  @Test
  @Order(3)
  void aWorkerKilledWithLongJobsInFlightLosesNoRequest() throws Exception {
    int requests = 9;
    int mark = broker.mark();
    NodeProcess c = client("Long", "round_robin", "--count", "" + requests, "--concurrency", "" + requests);
    // Wait until Worker-2 holds Long jobs of this client, then kill its JVM outright (kill -9).
    broker.awaitLine("Long round_robin -> Worker-2", UP, mark);
    workers[2].kill();
    System.out.println("[measured] killed worker 2 (kill -9) at " + LocalTime.now());

    assertEquals(0, c.awaitExit(UP), c.output());
    assertEquals(requests, c.responders().size(), c.output());
    assertTrue(c.responders().stream().noneMatch("Worker-2"::equals), "Worker-2 died before finishing any of them");
    String takenBack = broker.awaitLine("worker Worker-2 is unreachable: taking back \\d+ job", Duration.ZERO, mark);
    System.out.printf("[measured] %d requests sent, %d answered with a Response; broker at %s%n",
        requests, c.responders().size(), takenBack);
    assertTrue(broker.isAlive(), "the broker keeps serving");
  }
}
