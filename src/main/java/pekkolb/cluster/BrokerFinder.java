package pekkolb.cluster;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.ServiceKeys;

/** Guardian of a client node: watches the Receptionist and hands over the first broker it lists. */
public final class BrokerFinder {
  private BrokerFinder() {}

  public static Behavior<Receptionist.Listing> create(CompletableFuture<ActorRef<BrokerMessage>> found) {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.BROKER, ctx.getSelf()));
      return Behaviors.receiveMessage(listing -> {
        listing.getServiceInstances(ServiceKeys.BROKER).stream().findFirst().ifPresent(found::complete);
        return Behaviors.same();
      });
    });
  }
}
