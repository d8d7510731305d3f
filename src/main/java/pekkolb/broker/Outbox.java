package pekkolb.broker;

import java.util.ArrayList;
import java.util.Arrays;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.WorkerMessage;

/**
 * Jobs on their way to workers. What the broker dispatches to one worker while it reads a run of its
 * mailbox goes as one {@link JobBatch}: buffered per worker until the {@link Flush} the broker sent
 * itself with the first job (so after what was already in its mailbox), or until {@link #LIMIT} wait
 * for one worker. A job alone goes as a plain {@link Job}. Each message costs a delivery at both
 * ends, so fewer of them is most of what a request costs the broker.
 */
final class Outbox {

  /** Sends what is buffered. */
  enum Flush implements BrokerMessage { INSTANCE }

  /** Jobs buffered for one worker before they go without waiting for the Flush: bounds their wait in a burst. */
  static final int LIMIT = 256;

  /** One worker's jobs not sent yet; kept on its {@link WorkerEntry}, so it goes when the worker goes. */
  static final class Pending {
    final ActorRef<WorkerMessage> to;
    final long[] jobIds = new long[LIMIT];
    final int[] attempts = new int[LIMIT]; // as dispatched: a later re-dispatch must not change what this worker was sent
    final AppType[] appTypes = new AppType[LIMIT];
    final long[] sizeMillis = new long[LIMIT];
    int size;
    boolean listed; // in unsent

    Pending(ActorRef<WorkerMessage> to) {
      this.to = to;
    }
  }

  private final ActorRef<BrokerMessage> self;
  private final ActorRef<JobDone> jobDoneTo;
  private final ActorRef<JobsDone> jobsDoneTo;
  private final ArrayList<Pending> unsent = new ArrayList<>();
  private boolean flushSent;

  Outbox(ActorRef<BrokerMessage> self) {
    this.self = self;
    this.jobDoneTo = self.narrow();
    this.jobsDoneTo = self.narrow();
  }

  /** Queues {@code r}'s current attempt for {@code w} (the worker it was just dispatched to). */
  void send(WorkerEntry w, AcceptedRequest r) {
    if (w.outgoing == null) w.outgoing = new Pending(w.ref);
    Pending p = w.outgoing;
    if (!p.listed) {
      p.listed = true;
      unsent.add(p);
    }
    p.jobIds[p.size] = r.jobId;
    p.attempts[p.size] = r.attempt;
    p.appTypes[p.size] = r.appType;
    p.sizeMillis[p.size] = r.sizeMillis;
    p.size++;
    if (p.size == LIMIT) {
      send(p);
    } else if (!flushSent) {
      flushSent = true;
      self.tell(Flush.INSTANCE);
    }
  }

  /** Sends every buffered job. */
  void flush() {
    flushSent = false;
    for (Pending p : unsent) {
      p.listed = false;
      send(p);
    }
    unsent.clear();
  }

  private void send(Pending p) {
    int n = p.size;
    if (n == 0) return; // sent already, when it filled up
    p.size = 0;
    if (n == 1) {
      p.to.tell(new Job(p.jobIds[0], p.attempts[0], p.appTypes[0], p.sizeMillis[0], jobDoneTo));
    } else {
      p.to.tell(new JobBatch(Arrays.copyOf(p.jobIds, n), Arrays.copyOf(p.attempts, n), Arrays.copyOf(p.appTypes, n),
          Arrays.copyOf(p.sizeMillis, n), jobsDoneTo));
    }
  }
}
