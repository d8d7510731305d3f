package pekkolb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two brokers and three workers as JVMs from the jar, every node with the same seed list (both
 * brokers and the workers), as the defaults have it. A client spreads over both brokers; a broker
 * killed with kill -9 costs no request; a killed broker started again with the same command rejoins
 * the running cluster; a broker stopped with SIGTERM finishes or hands back what it holds and
 * exits 0. Every process started here is killed at the end, whatever happens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailoverIT {
  private static final Duration UP = Duration.ofSeconds(300); // seen: over 3 min for five JVMs to form a cluster at load average 50
  /** A starved node may miss heartbeats for seconds: see ClusterProcessIT. */
  private static final List<String> NODE_PATIENCE = List.of(
      "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=20s",
      "-Dpekko.cluster.split-brain-resolver.down-all-when-unstable=off");
  private static final List<String> BROKER_PATIENCE = List.of(NODE_PATIENCE.get(0), NODE_PATIENCE.get(1),
      "-Dlb.broker.job-deadline-margin=90s", "-Dlb.broker.log-jobs=on");
  private static final List<String> CLIENT_PATIENCE = List.of(NODE_PATIENCE.get(0), NODE_PATIENCE.get(1),
      "-Xmx512m", "-Dlb.cluster.find-broker-timeout=120s", "-Dlb.client.ask-timeout=150s");
  /** Broker 1 drains for 2 s only: Long jobs (5 s) it holds at a SIGTERM are handed back to their clients. */
  private static final List<String> SHORT_DRAIN = List.of("-Dlb.cluster.broker-drain-timeout=2s");
  /** A broker restarted with the same command serves again within this, counted from its node's start. */
  private static final Duration RESTART_TARGET = Duration.ofSeconds(15);
  /** The 20,000 trial keeps the default ask timeout (30 s): a request's clock starts when it is sent to a broker. */
  private static final List<String> CLIENT_DEFAULT_TIMEOUT = CLIENT_PATIENCE.subList(0, CLIENT_PATIENCE.size() - 1);

  private static final List<NodeProcess> started = new ArrayList<>();
  private static final NodeProcess[] brokers = new NodeProcess[2];
  private static final String[][] brokerArgs = new String[2][];
  private static final int[] gatewayPorts = new int[2];
  private static String seeds;

  @BeforeAll
  static void startCluster() throws Exception {
    int[] brokerPorts = {NodeProcess.freePort(), NodeProcess.freePort()};
    int[] workerPorts = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
    seeds = "127.0.0.1:" + brokerPorts[0] + ",127.0.0.1:" + brokerPorts[1] + ",127.0.0.1:" + workerPorts[0]
        + ",127.0.0.1:" + workerPorts[1] + ",127.0.0.1:" + workerPorts[2];
    for (int b = 0; b < 2; b++) {
      gatewayPorts[b] = NodeProcess.freePort();
      brokerArgs[b] = new String[] {"broker", "--port", "" + brokerPorts[b], "--gateway-port", "" + gatewayPorts[b],
          "--admin-port", "0", "--seed-nodes", seeds};
      brokers[b] = startBroker(b, "broker " + b);
    }
    for (int id = 1; id <= 3; id++) {
      track(NodeProcess.start("worker " + id, NODE_PATIENCE, "worker", "" + id, "--port", "" + workerPorts[id - 1],
          "--seed-nodes", seeds));
    }
    for (NodeProcess b : brokers) for (int id = 1; id <= 3; id++) b.awaitLine("worker joined: Worker-" + id, UP);
  }

  @AfterAll
  static void stopEverything() {
    started.forEach(NodeProcess::close);
  }

  private static NodeProcess startBroker(int b, String name) throws IOException {
    List<String> options = new ArrayList<>(BROKER_PATIENCE);
    if (b == 1) options.addAll(SHORT_DRAIN);
    return track(NodeProcess.start(name, options, brokerArgs[b]));
  }

  private static NodeProcess track(NodeProcess p) {
    started.add(p);
    return p;
  }

  private static NodeProcess client(String... args) throws IOException {
    return track(NodeProcess.client(CLIENT_PATIENCE, seeds, args));
  }

  @Test
  @Order(1)
  void twentyThousandAtOnceAreEachAnsweredWithAResponseOrAnExplicitRejection() throws Exception {
    int n = 20_000;
    NodeProcess c = track(NodeProcess.client(CLIENT_DEFAULT_TIMEOUT, seeds, "Short", "round_robin", "--count", "" + n,
        "--concurrency", "" + n));
    c.awaitExit(UP.multipliedBy(2));
    String summary = c.awaitLine(n + " request\\(s\\): \\d+ Response\\(s\\), \\d+ failed", Duration.ZERO);
    System.out.println("[measured] 20,000 trial: " + summary.replace("[Client] ", ""));
    assertEquals(n, c.count("\\[Client\\] Received: "), "one answer each");
    assertEquals(0, c.count("Received: ERROR timeout"), "none timed out");
    assertEquals(n, c.count("Received: Response from") + c.count("Received: ERROR overloaded"), "Response or overloaded");
    for (NodeProcess b : brokers) assertEquals(0, b.count("DROPPED"), "no message dropped by Artery");
    assertEquals(0, c.count("DROPPED"), "no message dropped by Artery");
  }

  @Test
  @Order(2)
  void aBrokerStoppedWithSigtermCostsNoneAndExitsZero() throws Exception {
    // Broker 0's gateway spreads over the brokers its pool has a window from: both, before we start.
    brokers[0].awaitLine("2 broker\\(s\\) usable", UP);
    int mark = brokers[1].mark();
    NodeProcess c = client("Long", "round_robin", "--count", "9", "--concurrency", "9");
    // Four Long requests through broker 0's gateway, whose pool spreads them over both brokers.
    List<Socket> gatewayClients = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) {
        Socket s = new Socket("127.0.0.1", gatewayPorts[0]);
        s.setSoTimeout((int) UP.toMillis());
        s.getOutputStream().write("AppID:Long:least_connections".getBytes(StandardCharsets.US_ASCII));
        gatewayClients.add(s);
      }
      brokers[1].awaitLine("Long round_robin -> Worker", UP, mark); // the client's requests reached broker 1
      brokers[1].awaitLine("Long least_connections -> Worker", UP, mark); // and the gateway's
      brokers[1].terminate();
      assertEquals(0, c.awaitExit(UP), c.output());
      assertEquals(9, c.responders().size(), c.output());
      for (Socket s : gatewayClients) {
        String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(answer.startsWith("Response from Worker-"), answer);
      }
    } finally {
      for (Socket s : gatewayClients) s.close();
    }
    assertEquals(0, brokers[1].awaitExit(UP), brokers[1].output());
    // Zero failed and a clean exit are the promise, asserted above. The drain's own summary line is
    // reported when it reached us: in some runs the stopped node's last lines did not (see docs/cluster.md).
    String drained = brokers[1].count("broker drained: ") > 0
        ? brokers[1].awaitLine("broker drained: \\d+ answered, \\d+ handed back", Duration.ZERO) : "drain summary not seen";
    String failover = c.count("failover: ") > 0 ? c.awaitLine("failover: .*", Duration.ZERO) : "no failover line";
    System.out.println("[measured] SIGTERM trial: 9 of 9 and 4 of 4 (gateway) answered with a Response, broker exit 0; " + drained
        + "; client " + failover.replace("[Client] ", ""));
    // The same command again: broker 1 rejoins, for the next test.
    brokers[1] = startBroker(1, "broker 1 after SIGTERM");
    for (int id = 1; id <= 3; id++) brokers[1].awaitLine("worker joined: Worker-" + id, UP);
  }

  @Test
  @Order(3)
  void aBrokerKilledAfterTheRequestsWereSentCostsNone() throws Exception {
    int mark = brokers[1].mark();
    NodeProcess c = client("Long", "round_robin", "--count", "9", "--concurrency", "9");
    brokers[1].awaitLine("Long round_robin -> Worker", UP, mark); // the client's requests reached broker 1
    long killed = System.nanoTime();
    brokers[1].kill();
    assertEquals(0, c.awaitExit(UP), c.output());
    System.out.printf("[measured] kill -9 trial: %d of 9 answered with a Response, exit %.1f s after the kill%n",
        c.responders().size(), (System.nanoTime() - killed) / 1e9);
    assertEquals(9, c.responders().size(), c.output());
    c.awaitLine("failover: [1-9]\\d* re-submitted", Duration.ZERO);
  }

  @Test
  @Order(4)
  void aKilledBrokerStartedAgainWithTheSameCommandServesAllThreeWorkersWithin15s() throws Exception {
    brokers[0].kill(); // broker 1 was killed by the test before: this one will be the only broker
    long started = System.nanoTime();
    NodeProcess again = track(NodeProcess.start("broker 0 again", BROKER_PATIENCE, brokerArgs[0]));
    // Timed from when the restarted broker says its node is up (its JVM has started: on a loaded
    // machine that alone can take a minute) to when this test, a new client of its gateway, has had
    // a Response from each of the three workers. Joining the running cluster falls in that time.
    long up = again.readAt("broker node up at", UP);
    Set<String> seen = new TreeSet<>();
    long deadline = up + UP.toNanos();
    while (seen.size() < 3 && System.nanoTime() < deadline) seen.addAll(threeShortThroughGateway(gatewayPorts[0]));
    Duration allThree = Duration.ofNanos(System.nanoTime() - up);
    System.out.printf("[measured] restart trial: restarted broker's node up %.1f s after its JVM start; Responses from %s "
        + "%.1f s after that%n", (up - started) / 1e9, seen, allThree.toMillis() / 1e3);
    assertEquals(Set.of("Worker-1", "Worker-2", "Worker-3"), seen, again.output());
    assertTrue(allThree.compareTo(RESTART_TARGET) <= 0, "all three workers only after " + allThree + "\n" + again.output());
    assertTrue(again.count("done by Worker") >= 3, "the restarted broker served them");
  }

  /** Three Short requests at once on connections of their own; the workers that answered with a Response. */
  private static Set<String> threeShortThroughGateway(int port) throws IOException {
    List<Socket> sockets = new ArrayList<>();
    Set<String> workers = new TreeSet<>();
    try {
      for (int i = 0; i < 3; i++) {
        Socket s = new Socket("127.0.0.1", port); // refused until the gateway is bound: the caller asks again
        sockets.add(s);
        s.setSoTimeout((int) UP.toMillis());
        s.getOutputStream().write("AppID:Short:round_robin".getBytes(StandardCharsets.US_ASCII));
      }
      for (Socket s : sockets) {
        Matcher m = WORKER.matcher(new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
        if (m.lookingAt()) workers.add(m.group(1));
      }
    } catch (java.net.ConnectException notYet) {
      // the gateway is not bound yet
    } finally {
      for (Socket s : sockets) s.close();
    }
    return workers;
  }

  private static final Pattern WORKER = Pattern.compile("Response from (Worker-\\d)");
}
