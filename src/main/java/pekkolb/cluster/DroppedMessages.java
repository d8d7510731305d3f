package pekkolb.cluster;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Dropped;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.eventstream.EventStream;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import pekkolb.logging.LogBudget;

/**
 * Makes a dropped message loud. Artery drops a message when a node's outbound queue is full and
 * only publishes a {@link Dropped} event (logged at INFO a few times, so in effect silently); this
 * counts every such event on the node and logs it at WARN.
 */
public final class DroppedMessages {
  private DroppedMessages() {}

  /** Starts counting on this node; the count is returned for tests and reports. */
  public static AtomicLong watch(ActorSystem<?> system) {
    AtomicLong count = new AtomicLong();
    system.systemActorOf(behavior(count), "dropped-messages", Props.empty());
    return count;
  }

  static Behavior<Dropped> behavior(AtomicLong count) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().eventStream().tell(new EventStream.Subscribe<>(Dropped.class, ctx.getSelf()));
      LogBudget budget = new LogBudget(5, System::nanoTime);
      return Behaviors.receiveMessage(d -> {
        long n = count.incrementAndGet();
        String note = budget.admit();
        if (note != null) {
          ctx.getLog().warn("message DROPPED ({} on this node so far): {} to {}: {}{}", n,
              d.message().getClass().getSimpleName(), d.recipient().path(), d.reason(), note);
        }
        return Behaviors.same();
      });
    });
  }
}
