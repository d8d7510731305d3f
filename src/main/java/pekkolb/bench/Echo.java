package pekkolb.bench;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The library rows' routee and its protocol, which are not the app's: the routee answers each
 * {@link Request} at once with an {@link Answer} of its own, so the rows measure the router in front
 * of it (the library's balancer, or Pekko's pool router over the same routees), not a worker's work.
 */
final class Echo {
  private Echo() {}

  record Request(long id, ActorRef<Answer> replyTo) {
    Request withReplyTo(ActorRef<Answer> to) {
      return new Request(id, to);
    }
  }

  record Answer(long id) {}

  static Behavior<Request> routee() {
    return Behaviors.receiveMessage(request -> {
      request.replyTo().tell(new Answer(request.id()));
      return Behaviors.same();
    });
  }
}
