package example;

import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/** Routees a user might write, for the tests: each knows nothing of the balancer. */
final class Workers {
  private Workers() {}

  static final ServiceKey<Work> KEY = ServiceKey.create(Work.class, "work");

  /** Answers every request at once, saying who it is. */
  static Behavior<Work> prompt(ServiceKey<Work> key) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      String me = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(w -> {
        w.replyTo().tell(Done.by(w.payload(), me));
        return Behaviors.same();
      });
    });
  }

  /** Answers every request with a failure of its own, saying who it is. */
  static Behavior<Work> broken(ServiceKey<Work> key) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      String me = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(w -> {
        w.replyTo().tell(new Done(w.payload(), me, "broken"));
        return Behaviors.same();
      });
    });
  }

  /** Never answers. */
  static Behavior<Work> silent(ServiceKey<Work> key) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      return Behaviors.receiveMessage(w -> Behaviors.same());
    });
  }

  /** Answers every request twice. */
  static Behavior<Work> twice(ServiceKey<Work> key) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      String me = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(w -> {
        w.replyTo().tell(Done.by(w.payload(), me));
        w.replyTo().tell(Done.by(w.payload() + " again", me));
        return Behaviors.same();
      });
    });
  }

  /** Answers each request after the time {@code delay} gives it, on a timer. */
  static Behavior<Work> delayed(ServiceKey<Work> key, java.util.function.Function<Work, java.time.Duration> delay) {
    record Due(Work work) {}
    return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf().narrow()));
      String me = ctx.getSelf().path().name();
      return Behaviors.receive(Object.class)
          .onMessage(Work.class, w -> {
            timers.startSingleTimer(w, new Due(w), delay.apply(w));
            return Behaviors.same();
          })
          .onMessage(Due.class, d -> {
            d.work().replyTo().tell(Done.by(d.work().payload(), me));
            return Behaviors.same();
          })
          .build();
    })).narrow();
  }

  /** Stops when it gets a request, without answering it. */
  static Behavior<Work> quitter(ServiceKey<Work> key) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf()));
      return Behaviors.receiveMessage(w -> Behaviors.stopped());
    });
  }

  /** A message for a {@link #holding} routee: answer the oldest request it holds. */
  record Finish() {}

  /**
   * Holds its requests until told to finish them, one at a time, oldest first; tells {@code got}
   * whenever a request arrives. Accepts {@link Work} and {@link Finish}.
   */
  static Behavior<Object> holding(ServiceKey<Work> key, ActorRef<String> got) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(key, ctx.getSelf().narrow()));
      String me = ctx.getSelf().path().name();
      Deque<Work> held = new ArrayDeque<>();
      return Behaviors.receive(Object.class)
          .onMessage(Work.class, w -> {
            held.add(w);
            got.tell(me + ":" + w.payload());
            return Behaviors.same();
          })
          .onMessage(Finish.class, f -> {
            Work w = held.poll();
            if (w != null) w.replyTo().tell(Done.by(w.payload(), me));
            return Behaviors.same();
          })
          .build();
    });
  }
}
