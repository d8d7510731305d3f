package pekkolb.broker;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.BrokerDrained;

/**
 * A broker's graceful stop, once {@code DrainBroker} arrived: it takes no new requests (it hands them
 * back), answers those it holds, and is over once it holds none, or once it handed back what was left
 * when the drain's time ran out. Decides; the broker tells.
 */
final class Draining {
  private final String broker;
  private final int heldAtStart;
  private final List<ActorRef<BrokerDrained>> waiting = new ArrayList<>();
  private long handedBack;
  private BrokerDrained result;

  Draining(String broker, int heldAtStart) {
    this.broker = broker;
    this.heldAtStart = heldAtStart;
  }

  String handBackReason() {
    return "broker " + broker + " is stopping";
  }

  /** {@code who} wants to hear when the drain is over. */
  void await(ActorRef<BrokerDrained> who) {
    waiting.add(who);
  }

  /** A request it held at the start went back to its client unanswered. */
  void handedBack() {
    handedBack++;
  }

  /** The drain's outcome, once the broker holds nothing (and from then on); null before. */
  BrokerDrained over(int held) {
    if (result == null && held == 0) result = new BrokerDrained(broker, heldAtStart - handedBack, handedBack);
    return result;
  }

  /** Those waiting to hear, taken off the list. */
  List<ActorRef<BrokerDrained>> takeWaiting() {
    List<ActorRef<BrokerDrained>> all = List.copyOf(waiting);
    waiting.clear();
    return all;
  }
}
