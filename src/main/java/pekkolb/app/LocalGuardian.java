package pekkolb.app;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.LbSettings;
import pekkolb.broker.Broker;
import pekkolb.worker.Worker;

/**
 * Guardian of a one-JVM load balancer: spawns Worker-1..N and the broker, then passes every
 * command it receives on to the broker, so the ActorSystem itself is the broker's front door.
 */
public final class LocalPool {
  private LocalPool() {}

  public static Behavior<Broker.Command> create(LbSettings settings, int workers) {
    return Behaviors.setup(ctx -> {
      for (int i = 1; i <= workers; i++) ctx.spawn(Worker.create(settings), "Worker-" + i);
      ActorRef<Broker.Command> broker = ctx.spawn(Broker.create(settings), "broker");
      return Behaviors.receiveMessage(cmd -> {
        broker.tell(cmd);
        return Behaviors.same();
      });
    });
  }
}
