package pekkolb.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * What a Pekko user writes today to count requests in flight exactly without the library: a router
 * actor that asks its routee for each request ({@code ActorContext.ask}) and relays the answer, round
 * robin over its own echo routees. Part 1 runs it beside the library's balancer: both relay every
 * reply, which Pekko's pool router never does.
 */
final class AskRelay {
  private AskRelay() {}

  /** An answer (or a failed ask) on its way back to the caller through the relay. */
  private record Relayed(ActorRef<Echo.Answer> caller, int routee, Echo.Answer answer) {}

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  static Behavior<Echo.Request> create(int routees) {
    return Behaviors.<Object>setup(ctx -> {
      List<ActorRef<Echo.Request>> refs = new ArrayList<>();
      for (int i = 1; i <= routees; i++) refs.add(ctx.spawn(Echo.routee(), "routee-" + i));
      int[] inFlight = new int[routees];
      int[] next = {0};
      return Behaviors.receiveMessage(m -> {
        if (m instanceof Relayed r) {
          inFlight[r.routee()]--;
          if (r.answer() != null) r.caller().tell(r.answer());
        } else {
          int k = next[0]++ % routees;
          inFlight[k]++;
          ask(ctx, (Echo.Request) m, refs.get(k), k);
        }
        return Behaviors.same();
      });
    }).narrow();
  }

  private static void ask(ActorContext<Object> ctx, Echo.Request request, ActorRef<Echo.Request> routee, int k) {
    ctx.ask(Echo.Answer.class, routee, ASK_TIMEOUT, request::withReplyTo,
        (answer, failure) -> new Relayed(request.replyTo(), k, answer));
  }
}
