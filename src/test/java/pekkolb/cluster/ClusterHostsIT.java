package pekkolb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The cluster on several hosts: two brokers, three workers and a client, each in a network namespace
 * of its own with its own address on one bridge ({@link NetHosts}), every node started with only
 * {@code --host} (and the seed list), on the default ports. A host is cut off by taking its link down
 * while a client waits for Long jobs: first a worker's, then a broker's. Every request is answered;
 * the cut-off node leaves as the split-brain resolver decides (it is the minority: it downs itself)
 * and the rest serve on. Where namespaces cannot be made (not root, no iproute2) the class is skipped,
 * never passed. Every namespace, link and process it made is removed at the end, whatever happens.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterHostsIT {
  private static final Duration UP = Duration.ofSeconds(150);
  /** Seven JVMs on two CPUs: a node starved for a few seconds is not one whose host was cut off. */
  private static final List<String> NODE_PATIENCE = List.of(
      "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=10s",
      "-Dpekko.cluster.split-brain-resolver.down-all-when-unstable=off");
  /** The broker takes a lost worker's jobs back when it sees it unreachable, not earlier at a job's deadline. */
  private static final List<String> BROKER_PATIENCE = concat(NODE_PATIENCE, "-Dlb.broker.job-deadline-margin=90s");
  private static final List<String> CLIENT_PATIENCE = concat(NODE_PATIENCE,
      "-Dlb.cluster.find-broker-timeout=90s", "-Dlb.client.ask-timeout=120s");

  private static NetHosts hosts;
  private static final List<NodeProcess> started = new ArrayList<>();
  private static NodeProcess broker1;
  private static NodeProcess broker2;
  private static NodeProcess worker1;
  private static String seeds;

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return List.copyOf(all);
  }

  @BeforeAll
  static void startTheHosts() throws Exception {
    Optional<String> why = NetHosts.unavailable();
    if (why.isPresent()) System.out.println("ClusterHostsIT skipped: network namespaces cannot be made here (" + why.get() + ")");
    Assumptions.assumeTrue(why.isEmpty(), () -> "network namespaces cannot be made here: " + why.get());
    hosts = NetHosts.create(List.of("b1", "b2", "w1", "w2", "w3", "c"));
    seeds = hosts.address("b1") + ":2551," + hosts.address("b2") + ":2551," + hosts.address("w2") + ":9003";
    broker1 = node("b1", BROKER_PATIENCE, "broker");
    broker2 = node("b2", BROKER_PATIENCE, "broker");
    worker1 = node("w1", NODE_PATIENCE, "worker", "1");
    node("w2", NODE_PATIENCE, "worker", "2");
    node("w3", NODE_PATIENCE, "worker", "3");
    for (NodeProcess b : List.of(broker1, broker2)) {
      for (int id = 1; id <= 3; id++) b.awaitLine("worker joined: Worker-" + id, UP);
    }
  }

  /** A node on {@code host}: its address by --host alone, its ports the defaults (a host of its own has them free). */
  private static NodeProcess node(String host, List<String> jvmOptions, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--host", hosts.address(host), "--seed-nodes", seeds));
    NodeProcess p = NodeProcess.startWith(hosts.on(host), host + " " + String.join(" ", args), jvmOptions,
        all.toArray(String[]::new));
    started.add(p);
    return p;
  }

  @AfterAll
  static void removeEverything() {
    started.forEach(NodeProcess::close);
    if (hosts != null) hosts.close();
  }

  @Test
  @Order(1)
  void everyListenerOfABrokerIsOnItsHostsAddress() throws Exception {
    String b1 = hosts.address("b1");
    String cluster = broker1.awaitLine("broker node up at", UP);
    assertTrue(cluster.contains("pekko://pekko-lb@" + b1 + ":2551") && cluster.contains("gateway on " + b1 + ":8000"), cluster);
    // From the client's host: the gateway and the admin endpoint answer on the broker host's address.
    String answer = hosts.shell("c", "exec 3<>/dev/tcp/" + b1 + "/8000; printf 'AppID:Short' >&3; cat <&3");
    assertTrue(answer.startsWith("Response from Worker-"), answer);
    String ready = hosts.shell("c", "exec 3<>/dev/tcp/" + b1 + "/8558; printf 'GET /ready HTTP/1.0\\r\\nHost: " + b1
        + "\\r\\n\\r\\n' >&3; cat <&3");
    assertTrue(ready.startsWith("HTTP/1.1 200"), ready);
  }

  @Test
  @Order(2)
  void aWorkerHostCutOffWhileAClientWaitsForLongJobs() throws Exception {
    int mark = broker1.mark();
    NodeProcess client = cutOffUnderLongJobs("w1", broker1, "Worker-1 ", 12, 12);
    broker1.awaitLine("Worker-1 is unreachable", UP, mark);
    hosts.reconnect("w1");
    // Alone on its side of the cut, the worker downed itself and its node ended; it does not come back.
    worker1.awaitExit(UP);
    System.out.println("[measured] worker host cut: 12 of 12 answered in " + client.secondsSinceStart() + " s");
  }

  @Test
  @Order(3)
  void aBrokerHostCutOffWhileAClientWaitsForLongJobs() throws Exception {
    // Twice the concurrency: the second half goes out once both brokers have granted windows.
    NodeProcess client = cutOffUnderLongJobs("b2", broker2, "Worker-", 24, 12);
    assertTrue(client.output().matches("(?s).*failover: [1-9]\\d* re-submitted.*"), client.output());
    hosts.reconnect("b2");
    broker2.awaitExit(UP);
    System.out.println("[measured] broker host cut: 24 of 24 answered in " + client.secondsSinceStart() + " s");
  }

  /**
   * A client sends {@code count} Long jobs; once {@code broker} has dispatched one of them to a
   * worker whose name starts with {@code to}, {@code host} is cut off. Returns the client, every job answered.
   */
  private static NodeProcess cutOffUnderLongJobs(String host, NodeProcess broker, String to, int count, int concurrency)
      throws Exception {
    int mark = broker.mark();
    NodeProcess client = client("Long", "round_robin", "--count", "" + count, "--concurrency", "" + concurrency);
    broker.awaitLine("Long round_robin -> " + to, UP, mark);
    hosts.cut(host);
    assertEquals(0, client.awaitExit(UP), client.output());
    assertEquals(count, client.responders().size(), client.output());
    return client;
  }

  @Test
  @Order(4)
  void theRestServeOn() throws Exception {
    NodeProcess client = client("Short", "round_robin", "--count", "6", "--concurrency", "6");
    assertEquals(0, client.awaitExit(UP), client.output());
    List<String> responders = client.responders();
    assertEquals(6, responders.size(), client.output());
    assertTrue(responders.stream().allMatch(w -> w.equals("Worker-2") || w.equals("Worker-3")), responders.toString());
  }

  private static NodeProcess client(String... args) throws IOException {
    return node("c", CLIENT_PATIENCE, concat(List.of("client"), args).toArray(String[]::new));
  }
}
