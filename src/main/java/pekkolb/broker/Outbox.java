package pekkolb.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerMessage;

/**
 * Jobs on their way to workers, and answers on their way to clients that submit in batches. What
 * the broker dispatches to one worker while it reads a run of its mailbox goes as one
 * {@link JobBatch}, and what it answers to one such client as one {@link ResponseBatch}: buffered
 * until the {@link Flush} the broker sent itself with the first (so after what was already in its
 * mailbox), or until {@link #LIMIT} wait for one receiver. A job alone goes as a plain {@link Job}.
 * Each message costs a delivery at both ends, so fewer of them is most of what a request costs.
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

  /**
   * One batching client's answers not sent yet, in runs as a {@link ResponseBatch} has them; its
   * requests point at it, so no lookup per answer.
   */
  static final class ClientAnswers {
    final ActorRef<ToClient> to;
    final long[] requestIds = new long[LIMIT];
    final long[] elapsedMillis = new long[LIMIT];
    final int[] runEnds = new int[LIMIT];
    final String[] workers = new String[LIMIT]; // per run, as the next three
    final String[] appTypes = new String[LIMIT];
    final String[] approaches = new String[LIMIT];
    int size;
    int runs;
    boolean listed; // in unsentAnswers
    boolean recent; // submitted since the last sweep
    int countedNumber; // its number in the job table's Counted while jobs there name it; 0 when none do

    ClientAnswers(ActorRef<ToClient> to) {
      this.to = to;
    }
  }

  private final ActorRef<BrokerMessage> self;
  private final ActorRef<JobDone> jobDoneTo;
  private final ActorRef<JobsDone> jobsDoneTo;
  private final ArrayList<Pending> unsent = new ArrayList<>();
  private final ArrayList<ClientAnswers> unsentAnswers = new ArrayList<>();
  private final Map<ActorRef<ToClient>, ClientAnswers> clients = new HashMap<>();
  private boolean flushSent;

  Outbox(ActorRef<BrokerMessage> self) {
    this.self = self;
    this.jobDoneTo = self.narrow();
    this.jobsDoneTo = self.narrow();
  }

  /** Queues {@code r}'s current attempt for {@code w} (the worker it was just dispatched to). */
  void send(WorkerEntry w, AcceptedRequest r) {
    send(w, r.jobId, r.attempt, r.appType, r.sizeMillis);
  }

  /** Queues attempt {@code attempt} of job {@code jobId} for {@code w} (the worker it was just dispatched to). */
  void send(WorkerEntry w, long jobId, int attempt, AppType appType, long sizeMillis) {
    if (w.outgoing == null) w.outgoing = new Pending(w.ref);
    Pending p = w.outgoing;
    if (!p.listed) {
      p.listed = true;
      unsent.add(p);
    }
    p.jobIds[p.size] = jobId;
    p.attempts[p.size] = attempt;
    // Read before written: a reference stored in this long-lived array pays the collector's write
    // barrier (~9 ns here, a fence), and the slot nearly always holds this type from the last batch.
    if (p.appTypes[p.size] != appType) p.appTypes[p.size] = appType;
    p.sizeMillis[p.size] = sizeMillis;
    p.size++;
    if (p.size == LIMIT) send(p);
    else flushLater();
  }

  /** The answer buffer of the client behind {@code to}, made on its first batch. */
  ClientAnswers client(ActorRef<ToClient> to) {
    ClientAnswers c = clients.computeIfAbsent(to, ClientAnswers::new);
    c.recent = true;
    return c;
  }

  /** Queues the answer to one request of a batching client. */
  void answer(ClientAnswers c, long requestId, String worker, String appType, String approach, long elapsedMillis) {
    if (!c.listed) {
      c.listed = true;
      unsentAnswers.add(c);
    }
    int r = c.runs - 1;
    // The same instances along a run (a worker's name, the wire names): compared by identity, at worst a run more.
    if (r < 0 || c.workers[r] != worker || c.appTypes[r] != appType || c.approaches[r] != approach) {
      if (r >= 0) c.runEnds[r] = c.size; // the run before ends here; the last one's end is written as the batch goes
      r = c.runs++;
      c.workers[r] = worker;
      c.appTypes[r] = appType;
      c.approaches[r] = approach;
    }
    int i = c.size++;
    c.requestIds[i] = requestId;
    c.elapsedMillis[i] = elapsedMillis;
    if (c.size == LIMIT) send(c);
    else flushLater();
  }

  private void flushLater() {
    if (!flushSent) {
      flushSent = true;
      self.tell(Flush.INSTANCE);
    }
  }

  /** Sends every buffered job and answer. */
  void flush() {
    flushSent = false;
    for (Pending p : unsent) {
      p.listed = false;
      send(p);
    }
    unsent.clear();
    for (ClientAnswers c : unsentAnswers) {
      c.listed = false;
      send(c);
    }
    unsentAnswers.clear();
  }

  /** Forgets clients that submitted nothing since the last sweep (their requests in flight keep their buffer). */
  void sweepClients() {
    for (Iterator<ClientAnswers> it = clients.values().iterator(); it.hasNext(); ) {
      ClientAnswers c = it.next();
      if (!c.recent && c.size == 0) it.remove();
      c.recent = false;
    }
  }

  private static void send(ClientAnswers c) {
    int n = c.size;
    if (n == 0) return; // sent already, when it filled up
    int runs = c.runs;
    c.runEnds[runs - 1] = n;
    c.size = 0;
    c.runs = 0;
    c.to.tell(new ResponseBatch(Arrays.copyOf(c.requestIds, n), Arrays.copyOf(c.elapsedMillis, n), Arrays.copyOf(c.runEnds, runs),
        Arrays.copyOf(c.workers, runs), Arrays.copyOf(c.appTypes, runs), Arrays.copyOf(c.approaches, runs)));
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
