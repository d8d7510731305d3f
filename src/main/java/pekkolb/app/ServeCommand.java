package pekkolb.app;

import com.typesafe.config.Config;
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

  @Option(names = "--host", description = "Address to bind (default: lb.gateway.host = 127.0.0.1).")
  String host;

  @Option(names = "--port", description = "TCP port (default: lb.gateway.port = 8000; 0 picks a free one).")
  Integer port;

  @Mixin LocalOptions local;

  @Override
  public Integer call() {
    Config config = local.configs().set("lb.gateway.host", host).set("lb.gateway.port", port).build();
    LbSettings settings = LbSettings.from(config);
    ActorSystem<BrokerGuardian.GetBroker> system =
        ActorSystem.create(BrokerGuardian.create(settings, local.workers), "pekko-lb", config);
    Gateway gateway = GatewayStarter.open(system, BrokerGuardian.brokerOf(system), settings);
    if (gateway == null) return 1;
    String host = gateway.address().getHostString();
    int port = gateway.address().getPort();
    System.out.printf("pekko-lb serving on %s:%d with %d workers; try: exec 3<>/dev/tcp/%s/%d; printf 'AppID:Short' >&3; cat <&3%n"
        + "Ctrl-C to stop.%n", host, port, local.workers, host, port);
    return BrokerGuardian.awaitExit(system);
  }
}
