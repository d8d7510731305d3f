package pekkolb.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import pekkolb.LbSettings;
import pekkolb.bench.BenchResults.ClusterThroughput;
import pekkolb.bench.BenchResults.ThroughputRow;
import pekkolb.broker.Broker;
import pekkolb.cluster.ClusterConfig;
import pekkolb.cluster.WorkerNode;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.ServiceKeys;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import java.util.Set;

/**
 * Part 3: part 1's zero-length jobs, but across a cluster: a client node sends to the broker node,
 * which routes to worker nodes, each node its own ActorSystem on a free Artery port on loopback.
 * They share this JVM (no child processes), yet every request, dispatch and answer crosses Artery
 * TCP and CBOR serialization, twice each way. A second broker node runs beside the first: the
 * two-brokers row spreads requests over both (taking them in turn), as a client of several brokers
 * does; the other rows use the first broker only. The paths' runs are interleaved as in part 1.
 */
public final class ClusterBench {

  public static final String HOST = "127.0.0.1";
  public static final String ROUND_ROBIN = "round_robin";
  public static final String LEAST_CONNECTIONS = "least_connections";
  /** Path key of the row with two brokers (round_robin at each). */
  public static final String TWO_BROKERS = "2 brokers round_robin";
  private static final List<String> APPROACHES = List.of(ROUND_ROBIN, LEAST_CONNECTIONS, TWO_BROKERS);

  /** {@code workers} is the number of worker nodes, one worker each. */
  public record Options(int requests, int window, int workers, int warmup, int iterations, Duration runTimeout) {}

  private ClusterBench() {}

  /** Runs part 3; every step runs on {@code control}, which must not be an actor system's. */
  public static CompletableFuture<ClusterThroughput> run(Config config, Options o, Executor control) {
    LbSettings settings = LbSettings.from(config);
    List<ActorSystem<?>> nodes = new ArrayList<>();
    CompletableFuture<ClusterThroughput> result;
    try {
      ActorSystem<Object> brokerNode = brokerNode(settings, config, o);
      nodes.add(brokerNode);
      Address seed = Cluster.get(brokerNode).selfMember().address();
      Cluster.get(brokerNode).manager().tell(Join.create(seed)); // the first node forms the cluster
      ActorSystem<Object> secondBrokerNode = brokerNode(settings, config, o);
      nodes.add(secondBrokerNode);
      Cluster.get(secondBrokerNode).manager().tell(Join.create(seed));
      for (int i = 1; i <= o.workers(); i++) {
        ActorSystem<WorkerNode.Command> w = ActorSystem.create(WorkerNode.create(settings, List.of("Worker-" + i)),
            ClusterConfig.SYSTEM_NAME, node(ClusterConfig.Role.WORKER, config, o.window()));
        nodes.add(w);
        Cluster.get(w).manager().tell(Join.create(seed));
      }
      // The client node finds the brokers as the `client` command does: through the Receptionist.
      CompletableFuture<List<ActorRef<BrokerMessage>>> found = new CompletableFuture<>();
      ActorSystem<?> clientNode = ActorSystem.create(findBrokers(2, found), ClusterConfig.SYSTEM_NAME,
          node(ClusterConfig.Role.CLIENT, config, o.window()));
      nodes.add(clientNode);
      Cluster.get(clientNode).manager().tell(Join.create(seed));

      Address first = Cluster.get(brokerNode).selfMember().address();
      CompletableFuture<ActorRef<Object>> driver = found.orTimeout(30, TimeUnit.SECONDS)
          .thenCombineAsync(ThroughputBench.ready(brokerNode).thenCombine(ThroughputBench.ready(secondBrokerNode), (a, b) -> a),
              (brokers, v) -> {
            ActorRef<BrokerMessage> broker = brokers.stream().filter(b -> b.path().address().equals(first)).findFirst()
                .orElseThrow();
            Map<String, Target> targets = new LinkedHashMap<>();
            targets.put(ROUND_ROBIN, Target.ToBrokers.one(broker, AppType.SHORT, ROUND_ROBIN, true));
            targets.put(LEAST_CONNECTIONS, Target.ToBrokers.one(broker, AppType.SHORT, LEAST_CONNECTIONS, true));
            targets.put(TWO_BROKERS, new Target.ToBrokers(brokers, AppType.SHORT, ROUND_ROBIN, true));
            // A system actor, as the client node's guardian is already the BrokerFinder.
            return clientNode.systemActorOf(Driver.guardian(ctx -> new Driver.Node(targets, null, o.workers())),
                "bench-driver", Props.empty());
          }, control);
      result = driver.thenComposeAsync(d -> measure(d, o, control), control);
    } catch (RuntimeException e) {
      result = CompletableFuture.failedFuture(e);
    }
    // Stop every node whatever happened, and hand on the outcome once they are all down.
    return result.handleAsync((r, error) -> {
      nodes.forEach(ActorSystem::terminate);
      return CompletableFuture.allOf(nodes.stream().map(n -> n.getWhenTerminated().toCompletableFuture())
              .toArray(CompletableFuture[]::new))
          .thenComposeAsync(v -> error == null ? CompletableFuture.completedFuture(r) : CompletableFuture.<ClusterThroughput>failedFuture(error), control);
    }, control).thenComposeAsync(f -> f, control);
  }

  private static ActorSystem<Object> brokerNode(LbSettings settings, Config config, Options o) {
    // The guardian is a driver with no targets: it only answers AwaitReady, by asking the broker
    // locally (GetStats is not serializable, so it cannot be asked from another node).
    return ActorSystem.create(Driver.guardian(ctx -> {
      ActorRef<BrokerMessage> broker = ctx.spawn(Broker.create(settings), "broker");
      return new Driver.Node(Map.of(), broker, o.workers());
    }), ClusterConfig.SYSTEM_NAME, node(ClusterConfig.Role.BROKER, config, o.window()));
  }

  /** Guardian of the client node: completes {@code found} once the Receptionist lists {@code n} brokers. */
  private static Behavior<Receptionist.Listing> findBrokers(int n, CompletableFuture<List<ActorRef<BrokerMessage>>> found) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.BROKER, ctx.getSelf()));
      return Behaviors.receiveMessage(listing -> {
        Set<ActorRef<BrokerMessage>> brokers = listing.getServiceInstances(ServiceKeys.BROKER);
        if (brokers.size() >= n) found.complete(List.copyOf(brokers));
        return Behaviors.same();
      });
    });
  }

  private static Config node(ClusterConfig.Role role, Config config, int window) {
    // Artery drops what does not fit its outbound queue (3,072 by default); a whole window of
    // requests or answers may wait in one node's queue to another, so make room for it.
    Config queue = ConfigFactory.parseMap(Map.of("pekko.remote.artery.advanced.outbound-message-queue-size",
        Math.max(3072, 2 * window)));
    return ClusterConfig.forNode(role, HOST, 0, List.of(), queue.withFallback(config)); // port 0: a free port; joined by hand
  }

  private static CompletableFuture<ClusterThroughput> measure(ActorRef<Object> driver, Options o, Executor control) {
    Map<String, Tally> tallies = new LinkedHashMap<>();
    for (String a : APPROACHES) tallies.put(a, new Tally());
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int round = 0; round < o.warmup() + o.iterations(); round++) {
      boolean measured = round >= o.warmup();
      for (int k = 0; k < APPROACHES.size(); k++) {
        String approach = APPROACHES.get((k + round) % APPROACHES.size());
        chain = chain
            // A measured run starts with the JIT at rest, as part 2's bursts do: its CPU is the cluster's, not the warm-ups' compiles.
            .thenComposeAsync(v -> measured ? JitQuiet.await(JitQuiet.MAX_WAIT, control) : CompletableFuture.completedFuture(null), control)
            .thenComposeAsync(v -> {
              CompletableFuture<Driver.RunResult> done = new CompletableFuture<>();
              driver.tell(new Driver.Run(approach, o.requests(), o.window(), 0, -1, 1.0, o.runTimeout(), done));
              return done;
            }, control)
            // The process's CPU is all five nodes': the cluster's CPU per request.
            .thenAcceptAsync(r -> tallies.get(approach).add(r, measured), control);
      }
    }
    return chain.thenApplyAsync(v -> {
      List<ThroughputRow> rows = new ArrayList<>();
      for (String a : APPROACHES) {
        rows.add(tallies.get(a).row(a.equals(TWO_BROKERS) ? "cluster " + a : "cluster broker " + a, ThroughputBench.EVERY_LEG));
      }
      return new ClusterThroughput(o.requests(), o.window(), o.workers(), o.warmup(), o.iterations(), List.copyOf(rows));
    }, control);
  }
}
