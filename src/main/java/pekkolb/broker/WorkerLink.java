package pekkolb.broker;

import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.batching.Batcher;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.protocol.AppType;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerMessage;

/**
 * What the broker keeps with one worker (the balancer's routee): the jobs dispatched to it and not
 * sent yet (one {@link JobBatch} per mailbox run), its counts by app type, and its metrics.
 */
final class WorkerLink extends Batcher.Buffer {
  final String name;
  final BrokerMetrics.WorkerMetrics metrics;
  final long[] dispatchedByType = new long[AppType.values().length];
  private final ActorRef<WorkerMessage> worker;
  private final ActorRef<JobsDone> answersTo;
  private final long[] jobIds = new long[Batcher.LIMIT];
  private final int[] attempts = new int[Batcher.LIMIT]; // as dispatched: a later re-dispatch must not change what this worker was sent
  private final AppType[] appTypes = new AppType[Batcher.LIMIT];
  private final long[] sizeMillis = new long[Batcher.LIMIT];

  WorkerLink(ActorRef<WorkerMessage> worker, ActorRef<JobsDone> answersTo, BrokerMetrics.WorkerMetrics metrics) {
    this.worker = worker;
    this.name = worker.path().name();
    this.answersTo = answersTo;
    this.metrics = metrics;
  }

  /** Attempt {@code attempt} of job {@code jobId} goes to this worker with the others of this run. */
  void add(long jobId, int attempt, Kind kind) {
    jobIds[size] = jobId;
    attempts[size] = attempt;
    appTypes[size] = kind.type();
    sizeMillis[size] = kind.sizeMillis();
    size++;
  }

  @Override
  protected void send() {
    int n = size;
    size = 0;
    worker.tell(new JobBatch(Arrays.copyOf(jobIds, n), Arrays.copyOf(attempts, n), Arrays.copyOf(appTypes, n),
        Arrays.copyOf(sizeMillis, n), answersTo));
  }
}
