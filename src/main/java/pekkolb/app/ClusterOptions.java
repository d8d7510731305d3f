package pekkolb.app;

import java.util.List;
import picocli.CommandLine.Option;

/** Flags every cluster node shares; unset ones fall back to lb.cluster in application.conf. */
final class ClusterOptions {
  @Option(names = "--host", description = "Address this node binds (default: lb.cluster.host = 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "Artery port of this node (0 picks a free one).")
  Integer port;

  @Option(names = "--seed-nodes", split = ",", paramLabel = "HOST:PORT",
      description = "Nodes to join, comma-separated (default: lb.cluster.seed-nodes = 127.0.0.1:2551, the broker).")
  List<String> seedNodes;
}
