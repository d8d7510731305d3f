package pekkolb.bench;

import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerMessage;

/**
 * Where a benchmark driver sends request {@code id}, and how: straight to a worker (or to Pekko's
 * pool router in front of workers) as a {@link Job}, or to the broker as a {@link Submit}.
 * Every target answers the driver by a plain tell carrying the id back.
 */
sealed interface Target {

  /** Sends one request; {@code sizeMillis} 0 is a zero-length job, -1 the app type's duration. */
  void send(long id, long sizeMillis, ActorRef<Object> replyTo);

  /** A worker, or a router whose routees are workers: the worker answers with a JobDone. */
  record ToWorker(ActorRef<WorkerMessage> ref, AppType appType) implements Target {
    @Override
    public void send(long id, long sizeMillis, ActorRef<Object> replyTo) {
      ref.tell(new Job(id, 1, appType, sizeMillis, replyTo.narrow()));
    }
  }

  /** The broker, with the approach named in every request: it answers with a Response or a Rejected. */
  record ToBroker(ActorRef<BrokerMessage> ref, AppType appType, String approach) implements Target {
    @Override
    public void send(long id, long sizeMillis, ActorRef<Object> replyTo) {
      ref.tell(new Submit(id, appType.wireName(), approach, sizeMillis, replyTo.narrow()));
    }
  }

  /** Several brokers, taken in turn by request id: how a client spreads its requests over brokers. */
  record ToBrokers(java.util.List<ActorRef<BrokerMessage>> refs, AppType appType, String approach) implements Target {
    @Override
    public void send(long id, long sizeMillis, ActorRef<Object> replyTo) {
      refs.get((int) (id % refs.size())).tell(new Submit(id, appType.wireName(), approach, sizeMillis, replyTo.narrow()));
    }
  }
}
