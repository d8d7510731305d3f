package pekkolb.broker;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.routing.Approach;
import pekkolb.worker.AppType;

/** One accepted request on its way through the broker: waiting, or in flight on a worker. */
final class Job {
  final long jobId;
  final long requestId;
  final AppType appType;
  final Approach approach;
  final long sizeMillis;
  final ActorRef<Broker.Reply> replyTo;
  final long submittedNanos;
  WorkerEntry worker;
  int attempt;
  long dispatchedNanos;
  long deadlineNanos;

  Job(long jobId, long requestId, AppType appType, Approach approach, long sizeMillis,
      ActorRef<Broker.Reply> replyTo, long submittedNanos) {
    this.jobId = jobId;
    this.requestId = requestId;
    this.appType = appType;
    this.approach = approach;
    this.sizeMillis = sizeMillis;
    this.replyTo = replyTo;
    this.submittedNanos = submittedNanos;
  }
}
