package pekkolb.cluster;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.LbSettings;
import pekkolb.protocol.WorkerMessage;
import pekkolb.worker.Worker;

/**
 * Guardian of a worker node: spawns its workers, which register with the (cluster) Receptionist
 * and so reach the broker. On a graceful stop it drains them all before the node leaves.
 */
public final class WorkerNode {
  private WorkerNode() {}

  public sealed interface Command {}

  /** Drain every worker here; answers once all of them finished their jobs and stopped. */
  public record DrainAll(ActorRef<List<Worker.Drained>> replyTo) implements Command {}

  private record WrappedDrained(Worker.Drained drained) implements Command {}

  public static Behavior<Command> create(LbSettings settings, List<String> workerNames) {
    return Behaviors.setup(ctx -> {
      List<ActorRef<WorkerMessage>> workers = new ArrayList<>();
      for (String name : workerNames) workers.add(ctx.spawn(Worker.create(settings), name));
      ActorRef<Worker.Drained> drainedAdapter = ctx.messageAdapter(Worker.Drained.class, WrappedDrained::new);
      List<Worker.Drained> done = new ArrayList<>();
      List<ActorRef<List<Worker.Drained>>> waiting = new ArrayList<>();
      return Behaviors.receive(Command.class)
          .onMessage(DrainAll.class, m -> {
            if (waiting.isEmpty()) workers.forEach(w -> w.tell(new Worker.Drain(drainedAdapter)));
            waiting.add(m.replyTo());
            return Behaviors.same();
          })
          .onMessage(WrappedDrained.class, m -> {
            done.add(m.drained());
            if (done.size() == workers.size()) waiting.forEach(r -> r.tell(List.copyOf(done)));
            return Behaviors.same();
          })
          .build();
    });
  }

  /** Worker-N for one worker per node; Worker-N.1, Worker-N.2, ... for several. */
  public static List<String> names(int id, int count) {
    List<String> names = new ArrayList<>();
    if (count == 1) names.add("Worker-" + id);
    else for (int k = 1; k <= count; k++) names.add("Worker-" + id + "." + k);
    return names;
  }
}
