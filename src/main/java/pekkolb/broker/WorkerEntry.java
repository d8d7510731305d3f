package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.routing.PeakEwma;
import pekkolb.routing.WorkerLoad;
import pekkolb.worker.AppType;
import pekkolb.worker.Worker;

/** The broker's record of one worker: its load as the broker counts it, and whether it may take jobs. */
final class WorkerEntry implements WorkerLoad {

  enum State {
    /** In the listing and reachable: takes new jobs. */
    ROUTABLE,
    /** Listed but unreachable (cluster): no new jobs, and its jobs were re-dispatched. */
    UNREACHABLE,
    /** Left the listing (draining or stopping): no new jobs, but the jobs it holds are awaited. */
    DEREGISTERED
  }

  final ActorRef<Worker.Command> ref;
  final String name;
  final String sortKey;
  private final int weight;
  private final PeakEwma latency;
  final BrokerMetrics.WorkerMetrics metrics;
  State state = State.ROUTABLE;
  int inFlight;
  long completed;
  final long[] dispatchedByType = new long[AppType.values().length];

  WorkerEntry(ActorRef<Worker.Command> ref, int weight, PeakEwma latency, BrokerMetrics.WorkerMetrics metrics) {
    this.ref = ref;
    this.name = ref.path().name();
    // Name first so the order reads Worker-1, Worker-2, ...; the full path keeps it unique across nodes.
    this.sortKey = name + " " + ref.path();
    this.weight = weight;
    this.latency = latency;
    this.metrics = metrics;
  }

  long dispatched() {
    long sum = 0;
    for (long n : dispatchedByType) sum += n;
    return sum;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public int weight() {
    return weight;
  }

  @Override
  public PeakEwma latency() {
    return latency;
  }
}
