package pekkolb.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import pekkolb.protocol.BrokerDrained;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.HandBack;

/**
 * A broker's graceful stop, once {@code DrainBroker} arrived: it takes no new requests (it hands
 * them back), keeps answering those it holds, and says {@link BrokerDrained} once it holds none,
 * or once it handed back what was left when the drain's time ran out.
 */
final class Draining {
  private final String broker;
  private final int heldAtStart;
  private final List<ActorRef<BrokerDrained>> replyTo = new ArrayList<>();
  private long handedBack;
  private BrokerDrained result;

  private Draining(String broker, int heldAtStart) {
    this.broker = broker;
    this.heldAtStart = heldAtStart;
  }

  /** Leaves the broker listing (clients stop choosing this broker) and starts counting. */
  static Draining start(ActorContext<BrokerMessage> ctx, int held, Duration within) {
    ctx.getLog().info("draining: leaving the broker listing; {} request(s) held, at most {} to finish them", held, within);
    ctx.getSystem().receptionist().tell(Receptionist.deregister(ServiceKeys.BROKER, ctx.getSelf()));
    return new Draining(ctx.getSelf().path().name(), held);
  }

  /** {@code who} asks to hear when the drain is over (told at once if it is). */
  void notify(ActorRef<BrokerDrained> who, int held) {
    if (result != null) who.tell(result);
    else replyTo.add(who);
    check(held);
  }

  /** The drain's time is up: every request still held is handed back to its client, to go elsewhere. */
  void timeUp(Jobs jobs, RedispatchBudget budget, Logger log) {
    if (result == null) log.warn("drain time is up: handing back {} request(s)", jobs.held());
    for (AcceptedRequest r : jobs.releaseAll()) {
      budget.released(r);
      if (r.race != null && r == r.race.copy()) continue; // a hedge's second copy: its request is handed back once
      r.replyTo.tell(new HandBack(r.requestId, handBackReason()));
      handedBack++;
    }
    check(jobs.held());
  }

  /** Replies, once, when the broker holds nothing: what it held at the start was answered or handed back. */
  void check(int held) {
    if (result != null || held > 0) return;
    result = new BrokerDrained(broker, heldAtStart - handedBack, handedBack);
    for (ActorRef<BrokerDrained> who : replyTo) who.tell(result);
    replyTo.clear();
  }

  String handBackReason() {
    return "broker " + broker + " is stopping";
  }
}
