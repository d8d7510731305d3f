package example;

import org.apache.pekko.actor.typed.ActorRef;

/** A user's own request, as the library's tests send it: nothing in it is the library's. */
public record Work(String payload, ActorRef<Done> replyTo) {
  public Work withReplyTo(ActorRef<Done> to) {
    return new Work(payload, to);
  }
}
