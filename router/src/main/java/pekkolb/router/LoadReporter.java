package pekkolb.router;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * Tells every balancer over a group of routees how loaded one routee is: made in the routee's own
 * setup, and told the routee's load whenever it changes ({@link #report(int)}). It finds the balancers
 * through the Receptionist (each balancer over a group registers under
 * {@link #balancersOf}), and tells a balancer that appears the load as it stands. A small child
 * actor of the routee does the sending, so the routee's own protocol needs nothing new. It also
 * passes on the routee's {@link Usage} ({@link #report(Usage)}), which a balancer with
 * {@link Policies#weightedRoundRobin()} weighs it by.
 */
public final class LoadReporter {
  private final ActorRef<Object> sender;

  private LoadReporter(ActorRef<Object> sender) {
    this.sender = sender;
  }

  /** The key the balancers over the routees of {@code routees} register under. */
  public static ServiceKey<LoadReport> balancersOf(ServiceKey<?> routees) {
    return ServiceKey.create(LoadReport.class, routees.id() + "/balancers");
  }

  /** A reporter for the actor of {@code ctx}, a routee registered under {@code routees}. */
  public static LoadReporter create(ActorContext<?> ctx, ServiceKey<?> routees) {
    ActorRef<?> routee = ctx.getSelf();
    return new LoadReporter(ctx.spawnAnonymous(sender(routee, balancersOf(routees))));
  }

  /** The routee holds {@code load} requests now; every balancer hears it (nothing is sent if it did not change). */
  public void report(int load) {
    sender.tell(load);
  }

  /** The routee's usage of late ({@link UsageMeter#read}, every second, say): every balancer hears it. */
  public void report(Usage usage) {
    sender.tell(usage);
  }

  private static Behavior<Object> sender(ActorRef<?> routee, ServiceKey<LoadReport> balancers) {
    return Behaviors.setup(ctx -> {
      ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, l -> l);
      ctx.getSystem().receptionist().tell(Receptionist.subscribe(balancers, listings));
      Set<ActorRef<LoadReport>> known = new HashSet<>();
      int[] load = {-1};
      return Behaviors.receive(Object.class)
          .onMessage(Receptionist.Listing.class, l -> {
            Set<ActorRef<LoadReport>> now = l.getServiceInstances(balancers);
            for (ActorRef<LoadReport> b : now) if (!known.contains(b) && load[0] >= 0) b.tell(new LoadReport(routee, load[0]));
            known.clear();
            known.addAll(now);
            return Behaviors.same();
          })
          .onMessage(Usage.class, u -> {
            for (ActorRef<LoadReport> b : known) b.<Object>unsafeUpcast().tell(new UsageReport(routee, u));
            return Behaviors.same();
          })
          .onMessage(Integer.class, n -> {
            if (n != load[0]) {
              load[0] = n;
              for (ActorRef<LoadReport> b : known) b.tell(new LoadReport(routee, n));
            }
            return Behaviors.same();
          })
          .build();
    });
  }
}
