package pekkolb.app;

import com.typesafe.config.Config;
import java.util.List;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.cluster.ClusterConfig;

/** Flags every cluster node shares; unset ones fall back to lb.cluster in application.conf. */
final class ClusterOptions {
  @Option(names = "--host", description = "Address of this node: its cluster port, gateway and admin endpoint listen on it "
      + "(default: lb.host = 127.0.0.1; lb.cluster.host, lb.gateway.host, lb.admin.host override it for one listener).")
  String host;

  @Option(names = "--port", description = "Artery port of this node (0 picks a free one).")
  Integer port;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "Nodes to join, comma-separated, the same on every node (default: lb.cluster.seed-nodes, else the "
          + "broker and worker ports: 127.0.0.1:2551,127.0.0.1:9002,127.0.0.1:9003,127.0.0.1:9004).")
  List<String> seedNodes;

  /** The config layers these flags set (--host as lb.host, which every listener follows); more can be added on top. */
  Configs configs() {
    return new Configs().set("lb.host", host);
  }

  /** Where this node listens and whom it joins: flags first, then lb.cluster. */
  record Node(ClusterConfig.Role role, String host, int port, List<String> seeds) {
    Config config(Config base) {
      return ClusterConfig.forNode(role, host, port, seeds, base);
    }

    /** Its cluster port, as the port check names it. */
    Ports.Port clusterPort() {
      return new Ports.Port("the cluster port of this " + role.roleName() + " node", host, port, "--port");
    }

    String address() {
      return host + ":" + port;
    }
  }

  Node resolve(ClusterConfig.Role role, LbSettings.Cluster settings, int defaultPort) {
    int p = port != null ? port : defaultPort;
    return new Node(role, settings.host(), p, seeds(settings));
  }

  /**
   * --seed-nodes, else lb.cluster.seed-nodes, for every node alike. With neither: the broker port and
   * the ports of workers 1..3, so a restarted node finds the cluster through any of them that is up.
   */
  private List<String> seeds(LbSettings.Cluster settings) {
    if (seedNodes != null) return seedNodes;
    if (!settings.seedNodes().isEmpty()) return settings.seedNodes();
    return defaultSeeds(settings);
  }

  static List<String> defaultSeeds(LbSettings.Cluster settings) {
    String h = settings.host();
    int w = settings.workerBasePort();
    return List.of(h + ":" + settings.brokerPort(), h + ":" + (w + 1), h + ":" + (w + 2), h + ":" + (w + 3));
  }
}
