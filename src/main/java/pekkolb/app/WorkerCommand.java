package pekkolb.app;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.cluster.typed.Cluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import pekkolb.LbSettings;
import pekkolb.cluster.ClusterConfig;
import pekkolb.cluster.WorkerNode;
import pekkolb.worker.Worker;

/** A worker node: Worker-N (or several) joining the cluster; Ctrl-C finishes its jobs before it leaves. */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a worker node: Worker-<id> on port 9001+<id>, joining the broker's cluster.")
final class WorkerCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<id>", description = "Worker id (1, 2, 3, ...): names the worker and its port.")
  int id;

  @Mixin ClusterOptions cluster;

  @Option(names = "--workers", defaultValue = "1", description = "Workers on this node (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--slots", description = "Max concurrent jobs per worker, 0 = unlimited (default: lb.worker.slots).")
  Integer slots;

  @Mixin TimeScaleOption speed;

  @Override
  public Integer call() {
    if (id < 1) throw new IllegalArgumentException("worker id must be >= 1, got " + id);
    if (workers < 1) throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
    Config base = cluster.configs().set("lb.worker.slots", slots).set("lb.time-scale", speed.timeScale).build();
    LbSettings settings = LbSettings.from(base);
    ClusterOptions.Node node =
        cluster.resolve(ClusterConfig.Role.WORKER, settings.cluster(), settings.cluster().workerBasePort() + id);
    List<String> names = WorkerNode.names(id, workers);
    Ports.take(List.of(node.clusterPort())).close(); // free now: Artery binds it next
    ActorSystem<WorkerNode.Command> system;
    try {
      system = ActorSystem.create(WorkerNode.create(settings, names), ClusterConfig.SYSTEM_NAME, node.config(base));
    } catch (RuntimeException e) {
      System.err.printf("cannot start worker node %d on %s: %s%n", id, node.address(), GatewayStarter.rootMessage(e));
      return 1;
    }
    Duration drainTimeout = settings.cluster().drainTimeout();
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeClusterShutdown(), "drain-workers", () -> {
      System.out.println("stopping: no new jobs; finishing the jobs held, then leaving the cluster");
      CompletionStage<List<Worker.Drained>> drained =
          AskPattern.ask(system, WorkerNode.DrainAll::new, drainTimeout, system.scheduler());
      return drained.thenApply(all -> {
        all.forEach(d -> System.out.printf("%s drained after %d job(s)%n", d.worker(), d.jobsFinished()));
        return Done.getInstance();
      });
    });
    TermSignal.stopGracefullyOn(system);
    System.out.printf("worker node up at %s running %s; joining %s. Ctrl-C stops it gracefully.%n",
        Cluster.get(system).selfMember().address(), String.join(", ", names), String.join(",", node.seeds()));
    system.getWhenTerminated().toCompletableFuture().join();
    return 0;
  }
}
