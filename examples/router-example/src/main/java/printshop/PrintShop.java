package printshop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import pekkolb.router.LoadBalancer;
import pekkolb.router.Policies;

/**
 * A print shop: printers register with the Receptionist, a front desk (the load balancer) hands each
 * document to the printer with the fewest jobs in hand, and customers ask the desk from outside.
 */
public final class PrintShop {
  private PrintShop() {}

  // tag::protocol[]
  /** A request: print {@code document}, and tell {@code replyTo} when it is done. */
  public record Print(String document, ActorRef<Printed> replyTo) {
    public Print withReplyTo(ActorRef<Printed> to) {
      return new Print(document, to);
    }
  }

  /** The reply: the printer that printed the document, or the problem if none could. */
  public record Printed(String document, String printer, String problem) {}
  // end::protocol[]

  // tag::printer[]
  public static final ServiceKey<Print> PRINTERS = ServiceKey.create(Print.class, "printers");

  /** A printer: registers with the Receptionist and prints whatever it is sent. */
  public static Behavior<Print> printer() {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(PRINTERS, ctx.getSelf()));
      String name = ctx.getSelf().path().name();
      return Behaviors.receiveMessage(print -> {
        print.replyTo().tell(new Printed(print.document(), name, null));
        return Behaviors.same();
      });
    });
  }
  // end::printer[]

  // tag::balancer[]
  /** The front desk: a load balancer over every printer the Receptionist lists. */
  public static Behavior<Print> frontDesk() {
    return LoadBalancer.group(PRINTERS, Print::replyTo, Print::withReplyTo)
        .withPolicy(Policies.leastConnections())
        .withFailureReply((print, failure) -> new Printed(print.document(), null, failure.message()))
        .build();
  }
  // end::balancer[]

  /** Opens the shop, has each of {@code documents} printed, prints what came back, and closes the shop. */
  public static List<Printed> run(List<String> documents) {
    // tag::ask[]
    ActorSystem<Print> shop = ActorSystem.create(Behaviors.setup(ctx -> {
      for (int i = 1; i <= 3; i++) ctx.spawn(printer(), "printer-" + i);
      return frontDesk();
    }), "print-shop");

    List<CompletionStage<Printed>> replies = new ArrayList<>();
    for (String document : documents) {
      replies.add(AskPattern.ask(shop, replyTo -> new Print(document, replyTo), Duration.ofSeconds(10), shop.scheduler()));
    }
    // end::ask[]
    try {
      List<Printed> printed = new ArrayList<>();
      for (CompletionStage<Printed> reply : replies) {
        Printed p = reply.toCompletableFuture().join();
        System.out.println(p.problem() == null ? p.document() + " printed on " + p.printer() : p.document() + ": " + p.problem());
        printed.add(p);
      }
      return printed;
    } finally {
      shop.terminate();
    }
  }

  public static void main(String[] args) {
    run(args.length > 0 ? List.of(args) : List.of("menu", "poster", "flyer", "invoice", "letter", "ticket"));
  }
}
