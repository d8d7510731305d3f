package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerState;
import pekkolb.routing.PeakEwma;
import pekkolb.routing.Routee;

/** The broker's record of one worker: its load as the broker counts it, and whether it may take jobs. */
final class WorkerEntry extends Routee {
  final ActorRef<WorkerMessage> ref;
  final String name;
  WorkerState state = WorkerState.ROUTABLE;
  long completed;
  final long[] dispatchedByType = new long[AppType.values().length];

  WorkerEntry(ActorRef<WorkerMessage> ref, int weight, PeakEwma latency) {
    super(ref.path().name(), weight, latency);
    this.ref = ref;
    this.name = ref.path().name();
  }
}
