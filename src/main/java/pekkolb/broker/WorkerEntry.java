package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.metrics.BrokerMetrics;
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
  final BrokerMetrics.WorkerMetrics metrics;

  WorkerEntry(ActorRef<WorkerMessage> ref, int weight, PeakEwma latency, BrokerMetrics.WorkerMetrics metrics) {
    super(ref.path().name(), weight, latency);
    this.ref = ref;
    this.name = ref.path().name();
    this.metrics = metrics;
  }
}
