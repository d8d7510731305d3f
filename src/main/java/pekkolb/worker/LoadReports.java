package pekkolb.worker;

import java.util.HashSet;
import java.util.Set;
import java.util.function.IntSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.batching.Batcher;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerMessage;

/**
 * What a worker says of itself ({@link WorkerInfo}), and the brokers it tells of its load whenever
 * that changes, not only with the answers to their own jobs: with several brokers, a broker hears
 * from a worker it sends little to only rarely, and brokers that each see only their own jobs herd
 * onto the worker that looks idle to all of them. A report waits in the worker's {@link Batcher} with
 * its answers, so a run of changes costs one report per broker; one broker alone gets none (its
 * answers carry the load).
 */
final class LoadReports extends Batcher.Buffer {
  private final ActorRef<WorkerMessage> worker;
  private final WorkerProfile profile;
  private final IntSupplier load;
  private final Set<ActorRef<WorkerReport>> brokers = new HashSet<>();
  private boolean due;
  private int lastSent = -1;

  /** @param load the jobs the worker holds now */
  LoadReports(ActorRef<WorkerMessage> worker, WorkerProfile profile, IntSupplier load) {
    this.worker = worker;
    this.profile = profile;
    this.load = load;
  }

  /** The answer to a hello, and what every report says: the worker's profile and its load now. */
  WorkerInfo info() {
    return new WorkerInfo(worker, worker.path().name(), profile.speed(), profile.slots(), profile.window(), load.getAsInt());
  }

  /** A broker said hello: from now on it hears of changes (until it stops); returns whether it is new. */
  boolean add(ActorRef<WorkerReport> broker) {
    return brokers.add(broker);
  }

  /** The brokers that greeted it and are still there. */
  Set<ActorRef<WorkerReport>> brokers() {
    return java.util.Collections.unmodifiableSet(brokers);
  }

  void remove(ActorRef<?> broker) {
    brokers.remove(broker);
  }

  /** The load may have changed: returns whether a report is now due (the caller hands it to its Batcher). */
  boolean changed() {
    if (due || brokers.size() < 2) return false;
    due = true;
    return true;
  }

  @Override
  public int size() {
    return due ? 1 : 0;
  }

  /** The report's turn: every broker hears the load now, unless it is what they last heard. */
  @Override
  protected void send() {
    due = false;
    WorkerInfo now = info();
    if (now.load() == lastSent) return;
    lastSent = now.load();
    for (ActorRef<WorkerReport> broker : brokers) broker.tell(now);
  }
}
