package pekkolb.router;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Where a balancer's {@link ReplyAddress}es put the replies they get, on whatever thread the routee
 * answered on. A reply that settles its request goes on to the caller from there, as the pool
 * router's routee answers its caller itself; the balancer takes the replies, all that came, when
 * it next handles a message, to count them and decide the rest. The first reply into an empty inbox
 * wakes the balancer with one message, so replies cost its mailbox a message per burst, not each.
 */
final class ReplyInbox {
  /**
   * A reply, as the balancer takes it: to attempt {@code attempt} of request {@code id}.
   *
   * @param answered it went to the caller as it arrived: the balancer only counts it
   * @param outcomeError what the user's outcome function threw on it (it then counts as served), else null
   */
  record Arrival(long id, int attempt, Object reply, BalancerCore.Outcome outcome, boolean answered,
                 RuntimeException outcomeError) {}

  /** What the balancer is told when replies arrive at an inbox that had been taken empty. */
  enum Arrived { INSTANCE }

  /** Pekko's mailbox queue (Vyukov's): many threads add, one takes, and taking needs no compare-and-set. */
  private static final class Arrivals extends org.apache.pekko.dispatch.AbstractNodeQueue<Arrival> {}

  private final Arrivals arrivals = new Arrivals();
  private final AtomicBoolean woken = new AtomicBoolean();
  private volatile boolean pathsMade;
  private volatile boolean closed;
  private final ActorRef<Object> balancer;
  private final Function<Object, BalancerCore.Outcome> outcomeOf;
  private final boolean retriesFaults;

  /**
   * @param outcomeOf what a reply says of its request (the user's, called on the routee's thread)
   * @param retriesFaults a reply that blames its routee may be replaced by a retry: the balancer decides
   */
  ReplyInbox(ActorRef<Object> balancer, Function<Object, BalancerCore.Outcome> outcomeOf, boolean retriesFaults) {
    this.balancer = balancer;
    this.outcomeOf = outcomeOf;
    this.retriesFaults = retriesFaults;
  }

  /**
   * A reply to {@code to}'s dispatch, on any thread. It goes to the caller now unless a retry may
   * replace it, and only if nothing else answered the request first (another attempt's reply, or
   * the balancer's failure reply); the balancer learns of it before the caller does, so whatever the
   * caller asks the balancer next sees the reply counted.
   */
  void arrived(ReplyAddress to, Object reply) {
    if (closed) return; // the balancer stopped, and answered or failed every request it held
    BalancerCore.Outcome outcome = BalancerCore.Outcome.DONE;
    RuntimeException error = null;
    try {
      outcome = outcomeOf.apply(reply);
    } catch (RuntimeException e) { // the user's function: the routee that replied is not to blame
      error = e;
    }
    boolean answers = !(retriesFaults && outcome == BalancerCore.Outcome.ROUTEE_FAULT) && to.request().claim();
    arrivals.add(new Arrival(to.id(), to.attempt(), reply, outcome, answers, error));
    if (!woken.getAndSet(true)) balancer.tell(Arrived.INSTANCE);
    if (answers) to.request().caller().tell(reply);
  }

  /** A reply address of this balancer was given a path (for a routee on another node), which must be released. */
  void pathMade() {
    pathsMade = true;
  }

  /** Whether any reply address was given a path: until then the balancer has none to release. */
  boolean pathsMade() {
    return pathsMade;
  }

  /**
   * The balancer stops: replies from now on are dropped here, not told to a stopped actor (a dead letter
   * each), since the balancer claims every request it still holds as it stops.
   */
  void close() {
    closed = true;
  }

  /** On the balancer's {@link Arrived}, before it takes the replies: the next one to arrive wakes it again. */
  void rearm() {
    woken.set(false);
  }

  /** On the balancer, before any decision: takes every reply come so far. */
  void take(Consumer<Arrival> each) {
    for (Arrival a; (a = arrivals.poll()) != null; ) each.accept(a);
  }
}
