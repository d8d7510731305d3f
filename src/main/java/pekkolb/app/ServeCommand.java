package pekkolb.app;

import com.typesafe.config.Config;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.actor.typed.ActorSystem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import pekkolb.LbSettings;
import pekkolb.gateway.Gateway;

/** One JVM: a broker, a local pool of workers and the text gateway on port 8000. Ctrl-C stops it cleanly. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the original text protocol on a TCP port, with a broker and a local worker pool.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--host", description = "Address the gateway and the admin endpoint listen on (default: lb.host = "
      + "127.0.0.1; lb.gateway.host, lb.admin.host override it for one of them).")
  String host;

  @Option(names = "--port", description = "TCP port (default: lb.gateway.port = 8000; 0 picks a free one).")
  Integer port;

  @Mixin LocalOptions local;

  @Option(names = "--brokers", defaultValue = "1",
      description = "Brokers over the same workers; the gateway spreads requests over them (default: ${DEFAULT-VALUE}).")
  int brokers;

  @Override
  public Integer call() {
    Config config = local.configs().set("lb.host", host).set("lb.gateway.port", port).build();
    LbSettings settings = LbSettings.from(config);
    if (brokers < 1) throw new IllegalArgumentException("--brokers must be >= 1, got " + brokers);
    Ports.Port gatewayPort = GatewayStarter.gatewayPort(settings, "--port");
    Ports.Port adminPort = GatewayStarter.adminPort(settings);
    Ports ports = Ports.take(List.of(gatewayPort, adminPort));
    ActorSystem<BrokerGuardian.GetBroker> system =
        ActorSystem.create(BrokerGuardian.create(settings, local.workers, brokers), "pekko-lb", config);
    BrokerGuardian.Local node = BrokerGuardian.localOf(system);
    Gateway gateway = GatewayStarter.open(system, node.pool(), settings, ports, gatewayPort);
    if (gateway == null || !GatewayStarter.startAdmin(system, node.brokers(), settings, ports, adminPort)) return 2;
    String host = gateway.address().getHostString();
    int port = gateway.address().getPort();
    System.out.printf("pekko-lb serving on %s:%d with %d workers and %d broker(s); try: exec 3<>/dev/tcp/%s/%d; "
        + "printf 'AppID:Short' >&3; cat <&3%nCtrl-C to stop.%n", host, port, local.workers, brokers, host, port);
    return BrokerGuardian.awaitExit(system);
  }
}
