package pekkolb.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Pekko settings that make a JVM a node of the pekko-lb cluster: cluster provider, its Artery
 * address, its role, and the seed nodes to join. Layered over the rest of the config.
 */
public final class ClusterConfig {
  /** Every node's ActorSystem has this name; nodes of different names never form one cluster. */
  public static final String SYSTEM_NAME = "pekko-lb";

  public enum Role {
    BROKER, WORKER, CLIENT;

    public String roleName() {
      return name().toLowerCase();
    }
  }

  private ClusterConfig() {}

  /**
   * @param seedNodes host:port of nodes to join (only the first may form a new cluster, when no other answers)
   */
  public static Config forNode(Role role, String host, int port, List<String> seedNodes, Config base) {
    Map<String, Object> c = new HashMap<>();
    c.put("pekko.actor.provider", "cluster");
    c.put("pekko.remote.artery.canonical.hostname", host);
    c.put("pekko.remote.artery.canonical.port", port);
    c.put("pekko.cluster.roles", List.of(role.roleName()));
    c.put("pekko.cluster.seed-nodes", seedNodes.stream().map(ClusterConfig::seedAddress).toList());
    return ConfigFactory.parseMap(c, "cluster node settings").withFallback(base);
  }

  /** "127.0.0.1:2551" becomes "pekko://pekko-lb@127.0.0.1:2551"; a full address is kept. */
  static String seedAddress(String hostPort) {
    if (hostPort.startsWith("pekko://")) return hostPort;
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' is not host:port (e.g. 127.0.0.1:2551)");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 1 || port > 65535) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed node '" + hostPort + "' has no valid port (1..65535)");
    }
    return "pekko://" + SYSTEM_NAME + "@" + hostPort;
  }
}
