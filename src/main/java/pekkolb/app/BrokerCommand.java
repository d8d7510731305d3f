package pekkolb.app;

import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.cluster.ClusterConfig;
import pekkolb.gateway.Gateway;

/** The broker node of a cluster: the first seed node, routing to worker nodes, with the text gateway. */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run the broker node of a cluster (first seed node) with the socket gateway.")
final class BrokerCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(names = "--gateway-port", description = "Port of the text gateway (default: lb.gateway.port = 8000; 0 = free).")
  Integer gatewayPort;

  @Option(names = "--no-gateway", description = "Do not open the text gateway.")
  boolean noGateway;

  @Option(names = "--time-scale", description = "Multiply job durations (default: lb.time-scale).")
  Double timeScale;

  @Option(names = "--admin-port", description = "Port of the admin endpoint and dashboard (default: lb.admin.port = 8558; 0 = off).")
  Integer adminPort;

  @Override
  public Integer call() {
    Config base = new Configs().set("lb.gateway.port", gatewayPort).set("lb.time-scale", timeScale)
        .set("lb.admin.port", adminPort).build();
    LbSettings settings = LbSettings.from(base);
    String host = cluster.host != null ? cluster.host : settings.cluster().host();
    int port = cluster.port != null ? cluster.port : settings.cluster().brokerPort();
    // The broker is the first seed node: by default it joins itself and the others join it.
    List<String> seeds = cluster.seedNodes != null ? cluster.seedNodes : List.of(host + ":" + port);
    Config config = ClusterConfig.forNode(ClusterConfig.Role.BROKER, host, port, seeds, base);
    ActorSystem<Broker.Command> system;
    try {
      system = ActorSystem.create(Broker.create(settings), ClusterConfig.SYSTEM_NAME, config);
    } catch (RuntimeException e) {
      System.err.printf("cannot start the broker node on %s:%d: %s%n", host, port, rootMessage(e));
      return 1;
    }
    String gatewayText = "no gateway";
    if (!noGateway) {
      try {
        Gateway gateway = Gateway.bind(system, system, settings).toCompletableFuture().join();
        ServeCommand.addShutdownTasks(system, gateway);
        gatewayText = "gateway on " + gateway.address().getHostString() + ":" + gateway.address().getPort();
      } catch (RuntimeException e) {
        System.err.printf("cannot open the gateway on %s:%d: %s%n", settings.gateway().host(), settings.gateway().port(),
            rootMessage(e));
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        return 1;
      }
    }
    if (!ServeCommand.startAdmin(system, system, settings)) return 1;
    System.out.printf("broker node up at %s (seed nodes: %s); %s. Waiting for workers; Ctrl-C to stop.%n",
        Cluster.get(system).selfMember().address(), String.join(",", seeds), gatewayText);
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }

  static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() != null ? t.getMessage() : t.toString();
  }
}
