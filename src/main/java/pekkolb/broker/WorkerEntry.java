package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.protocol.AppType;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerState;
import pekkolb.routing.PeakEwma;
import pekkolb.routing.Routee;

/**
 * The broker's record of one worker: its load as the broker counts it, whether it may take jobs,
 * and what it said of itself in answer to the broker's hello (until then it gets no jobs).
 */
final class WorkerEntry extends Routee {
  final ActorRef<WorkerMessage> ref;
  final String name;
  WorkerState state = WorkerState.ROUTABLE;
  long completed;
  final long[] dispatchedByType = new long[AppType.values().length];
  final BrokerMetrics.WorkerMetrics metrics;
  /** Whether it is in {@link Membership#open()} now. */
  boolean listedOpen;
  /** Jobs dispatched to it and not sent yet; null until the first. */
  Outbox.Pending outgoing;
  /** Jobs of the batch run under way sent to it, counted into its metrics once at the run's end ({@link BatchAdmission}). */
  int dispatchedInRun;
  /** For that run: a job's expected time here, and when it falls due (see {@link BatchAdmission}). */
  double ownInRun;
  long deadlineInRun;
  /** When the broker last asked it for its load (prequal's probes); 0 = never. */
  long probedAt;
  /** Null until the worker answered the hello. */
  private WorkerInfo info;
  /** Its number in the job table's {@link Counted} while jobs there name it; 0 when none do. */
  int countedNumber;

  WorkerEntry(ActorRef<WorkerMessage> ref, int weight, PeakEwma latency, boolean reportedLoad,
      BrokerMetrics.WorkerMetrics metrics) {
    super(ref.path().name(), weight, latency, reportedLoad ? System::nanoTime : null);
    this.ref = ref;
    this.name = ref.path().name();
    this.metrics = metrics;
  }

  void greeted(WorkerInfo info) {
    this.info = info;
    slots(info.slots());
    reported(info.load());
  }

  boolean isGreeted() {
    return info != null;
  }

  /** Whether it may take a new job: routable, greeted, and this broker's jobs there below its window. */
  boolean hasRoom() {
    return state == WorkerState.ROUTABLE && info != null && inFlight() < info.window();
  }

  double speed() {
    return info.speed();
  }
}
