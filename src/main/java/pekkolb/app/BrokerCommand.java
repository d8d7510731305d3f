package pekkolb.app;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.cluster.ClusterConfig;
import pekkolb.cluster.DroppedMessages;
import pekkolb.gateway.Gateway;
import pekkolb.protocol.BrokerMessage;

/**
 * A broker node of a cluster: any number may run (each with its own --port, --gateway-port and
 * --admin-port); each routes to every worker, and its gateway spreads over every broker.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
    description = "Run a broker node of a cluster (any number of them) with the socket gateway.")
final class BrokerCommand implements Callable<Integer> {

  @Mixin ClusterOptions cluster;

  @Option(names = "--gateway-port", description = "Port of the text gateway (default: lb.gateway.port = 8000; 0 = free).")
  Integer gatewayPort;

  @Option(names = "--no-gateway", description = "Do not open the text gateway.")
  boolean noGateway;

  @Mixin TimeScaleOption speed;

  @Mixin AdminOption admin;

  @Override
  public Integer call() {
    Config base = cluster.configs().set("lb.gateway.port", gatewayPort).set("lb.time-scale", speed.timeScale)
        .set("lb.admin.port", admin.adminPort).build();
    LbSettings settings = LbSettings.from(base);
    BrokerDrain.checkFitsPhase(settings.cluster().brokerDrainTimeout(), base);
    ClusterOptions.Node node = cluster.resolve(ClusterConfig.Role.BROKER, settings.cluster(), settings.cluster().brokerPort());
    Ports.Port gatewayPort = GatewayStarter.gatewayPort(settings, "--gateway-port (or --no-gateway)");
    Ports.Port adminPort = GatewayStarter.adminPort(settings);
    List<Ports.Port> needed = new ArrayList<>(List.of(node.clusterPort(), adminPort));
    if (!noGateway) needed.add(gatewayPort);
    Ports ports = Ports.take(needed);
    ActorSystem<BrokerGuardian.GetBroker> system;
    try {
      ports.release(node.clusterPort());
      system = ActorSystem.create(BrokerGuardian.create(settings, 0), ClusterConfig.SYSTEM_NAME, node.config(base));
    } catch (RuntimeException e) {
      ports.close();
      System.err.printf("cannot start the broker node on %s: %s%n", node.address(), GatewayStarter.rootMessage(e));
      return 1;
    }
    DroppedMessages.watch(system);
    BrokerGuardian.Local local = BrokerGuardian.localOf(system);
    ActorRef<BrokerMessage> broker = local.first();
    BrokerDrain.onShutdown(system, broker, settings.cluster().brokerDrainTimeout());
    TermSignal.stopGracefullyOn(system);
    String gatewayText = "no gateway";
    if (!noGateway) {
      Gateway gateway = GatewayStarter.open(system, local.pool(), settings, ports, gatewayPort);
      if (gateway == null) return 2;
      gatewayText = "gateway on " + gateway.address().getHostString() + ":" + gateway.address().getPort();
    }
    if (!GatewayStarter.startAdmin(system, local.brokers(), settings, ports, adminPort)) return 2;
    System.out.printf("broker node up at %s (seed nodes: %s); %s. Waiting for workers; Ctrl-C to stop.%n",
        Cluster.get(system).selfMember().address(), String.join(",", node.seeds()), gatewayText);
    return BrokerGuardian.awaitExit(system);
  }
}
