package pekkolb.router;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * A request a {@link LoadBalancer} holds: the caller's message, its caller, and the reply addresses
 * its dispatches were given. Whoever answers the caller claims it first, so the caller gets exactly
 * one answer although replies arrive on the routees' threads and failures on the balancer's.
 */
final class Pending<M> {
  private static final VarHandle CLAIMED;

  static {
    try {
      CLAIMED = MethodHandles.lookup().findVarHandle(Pending.class, "claimed", boolean.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final M message;
  private final ActorRef<Object> caller;
  private volatile boolean claimed;
  private ReplyAddress address;
  private List<ReplyAddress> more; // a re-dispatch's or a hedge's: rare

  @SuppressWarnings("unchecked")
  Pending(M message, ActorRef<?> caller) {
    this.message = message;
    this.caller = (ActorRef<Object>) caller;
  }

  ActorRef<Object> caller() {
    return caller;
  }

  /** Whether the caller was answered (or is being answered) already. */
  boolean claimed() {
    return claimed;
  }

  /** True for the one, on any thread, that may now answer the caller; false once somebody has. */
  boolean claim() {
    return !claimed && CLAIMED.compareAndSet(this, false, true);
  }

  void add(ReplyAddress a) {
    if (address == null) {
      address = a;
      return;
    }
    if (more == null) more = new ArrayList<>(2);
    more.add(a);
  }

  void release() {
    if (address != null) address.release();
    if (more != null) more.forEach(ReplyAddress::release);
  }
}
