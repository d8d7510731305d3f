package pekkolb.worker;

import java.util.HashSet;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;

/**
 * What a worker says of itself ({@link WorkerInfo}), and the brokers it tells of its load whenever
 * that changes, not only with the answers to their own jobs: with several brokers, a broker hears
 * from a worker it sends little to only rarely, and reports that old herd (issue 11.2). A burst of
 * changes costs one report per broker; one broker alone gets none (its answers carry the load).
 */
final class LoadReports {
  /** Queued behind the worker's mailbox when the load changed: the changes before it make one report. */
  enum Due implements WorkerMessage { INSTANCE }

  record BrokerGone(ActorRef<?> broker) implements WorkerMessage {}

  private final ActorContext<WorkerMessage> ctx;
  private final WorkerProfile profile;
  private final Set<ActorRef<WorkerInfo>> brokers = new HashSet<>();
  private boolean due;
  private int lastSent = -1;

  LoadReports(ActorContext<WorkerMessage> ctx, WorkerProfile profile) {
    this.ctx = ctx;
    this.profile = profile;
  }

  /** The answer to a hello, and what every report says: the worker's profile and its load now. */
  WorkerInfo info(int load) {
    return new WorkerInfo(ctx.getSelf(), ctx.getSelf().path().name(), profile.speed(), profile.slots(), profile.window(), load);
  }

  /** A broker said hello: from now on it hears of changes (until it stops). */
  void add(ActorRef<WorkerInfo> broker) {
    if (brokers.add(broker)) ctx.watchWith(broker, new BrokerGone(broker));
  }

  void remove(ActorRef<?> broker) {
    brokers.remove(broker);
  }

  /** The load changed: a report is queued, unless one already is or there is only one broker. */
  void changed() {
    if (due || brokers.size() < 2) return;
    due = true;
    ctx.getSelf().tell(Due.INSTANCE);
  }

  /** The queued report's turn: every broker hears the load now, unless it is what they last heard. */
  void send(int load) {
    due = false;
    if (load == lastSent) return;
    lastSent = load;
    WorkerInfo now = info(load);
    for (ActorRef<WorkerInfo> broker : brokers) broker.tell(now);
  }
}
