package pekkolb.app;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.cluster.ClusterConfig;

/** Flags every cluster node shares; unset ones fall back to lb.cluster in application.conf. */
final class ClusterOptions {
  @Option(names = "--host", description = "Address this node binds (default: lb.cluster.host = 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Artery port of this node (0 picks a free one).")
  Integer port;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "Nodes to join, comma-separated (default: lb.cluster.seed-nodes = 127.0.0.1:2551, the broker).")
  List<String> seedNodes;

  /** Where this node listens and whom it joins: flags first, then lb.cluster. */
  record Node(ClusterConfig.Role role, String host, int port, List<String> seeds) {
    Config config(Config base) {
      return ClusterConfig.forNode(role, host, port, seeds, base);
    }

    String address() {
      return host + ":" + port;
    }
  }

  Node resolve(ClusterConfig.Role role, LbSettings.Cluster settings, int defaultPort) {
    String h = host != null ? host : settings.host();
    int p = port != null ? port : defaultPort;
    List<String> seeds = seedNodes != null ? seedNodes : settings.seedNodes();
    return new Node(role, h, p, role == ClusterConfig.Role.BROKER ? brokerSeeds(h + ":" + p, seeds) : seeds);
  }

  /**
   * The broker forms the cluster when no seed answers, so its own address comes first (Pekko lets
   * only the first seed join itself); the configured seeds follow, so it joins them if they are up.
   */
  static List<String> brokerSeeds(String self, List<String> seeds) {
    List<String> all = new ArrayList<>();
    all.add(self);
    for (String s : seeds) if (!s.equals(self)) all.add(s);
    return List.copyOf(all);
  }
}
