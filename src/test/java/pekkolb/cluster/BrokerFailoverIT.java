package pekkolb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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
 * the running cluster. Every process started here is killed at the end, whatever happens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerFailoverIT {
  private static final Duration UP = Duration.ofSeconds(180);
  /** A starved node may miss heartbeats for seconds: see ClusterProcessIT. */
  private static final List<String> NODE_PATIENCE = List.of(
      "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=20s",
      "-Dpekko.cluster.split-brain-resolver.down-all-when-unstable=off");
  private static final List<String> BROKER_PATIENCE = List.of(NODE_PATIENCE.get(0), NODE_PATIENCE.get(1),
      "-Dlb.broker.job-deadline-margin=90s", "-Dlb.broker.log-jobs=on");
  private static final List<String> CLIENT_PATIENCE = List.of(NODE_PATIENCE.get(0), NODE_PATIENCE.get(1),
      "-Xmx512m", "-Dlb.cluster.find-broker-timeout=120s", "-Dlb.client.ask-timeout=150s");
  /** The 20,000 trial keeps the default ask timeout (30 s): a request's clock starts when it is sent to a broker. */
  private static final List<String> CLIENT_DEFAULT_TIMEOUT = CLIENT_PATIENCE.subList(0, CLIENT_PATIENCE.size() - 1);

  private static final List<NodeProcess> started = new ArrayList<>();
  private static final NodeProcess[] brokers = new NodeProcess[2];
  private static final String[][] brokerArgs = new String[2][];
  private static String seeds;

  @BeforeAll
  static void startCluster() throws Exception {
    int[] brokerPorts = {NodeProcess.freePort(), NodeProcess.freePort()};
    int[] workerPorts = {NodeProcess.freePort(), NodeProcess.freePort(), NodeProcess.freePort()};
    seeds = "127.0.0.1:" + brokerPorts[0] + ",127.0.0.1:" + brokerPorts[1] + ",127.0.0.1:" + workerPorts[0]
        + ",127.0.0.1:" + workerPorts[1] + ",127.0.0.1:" + workerPorts[2];
    for (int b = 0; b < 2; b++) {
      brokerArgs[b] = new String[] {"broker", "--port", "" + brokerPorts[b], "--gateway-port", "" + NodeProcess.freePort(),
          "--admin-port", "0", "--seed-nodes", seeds};
      brokers[b] = track(NodeProcess.start("broker " + b, BROKER_PATIENCE, brokerArgs[b]));
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
  @Order(3)
  void aKilledBrokerStartedAgainWithTheSameCommandRejoinsAndServes() throws Exception {
    brokers[0].kill();
    long restart = System.nanoTime();
    NodeProcess again = track(NodeProcess.start("broker 0 again", BROKER_PATIENCE, brokerArgs[0]));
    for (int id = 1; id <= 3; id++) again.awaitLine("worker joined: Worker-" + id, UP);
    System.out.printf("[measured] restarted broker sees all three workers %.1f s after its start%n",
        (System.nanoTime() - restart) / 1e9);
    NodeProcess c = client("Short", "round_robin", "--count", "9", "--concurrency", "3");
    assertEquals(0, c.awaitExit(UP), c.output());
    Set<String> seen = new TreeSet<>(c.responders());
    System.out.printf("[measured] restart trial: first Response %.1f s after the restart; workers seen %s%n",
        (System.nanoTime() - restart) / 1e9, seen);
    assertEquals(Set.of("Worker-1", "Worker-2", "Worker-3"), seen, c.output());
    assertTrue(again.count("done by Worker") > 0, "the restarted broker served them");
  }
}
