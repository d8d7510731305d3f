package pekkolb.bench;

import java.util.Arrays;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.WorkerMessage;

/**
 * Where a benchmark driver sends requests {@code first .. first + count - 1}, and how: straight to a
 * worker (or to Pekko's pool router in front of workers) as one {@link Job} each, to workers in
 * {@link JobBatch}es, to a router over {@link Echo} routees, or to a broker as {@link Submit}s or in
 * {@link SubmitBatch}es. Every target answers the driver by a plain tell
 * carrying the id back (a broker answers a batch's requests in ResponseBatches).
 */
sealed interface Target {

  /** Sends requests with ids first, first+1, ...; {@code sizeMillis} 0 is a zero-length job, -1 the app type's duration. */
  void send(long first, int count, long sizeMillis, ActorRef<Object> replyTo);

  /** A worker, or a router whose routees are workers: the worker answers each job with a JobDone. */
  record ToWorker(ActorRef<WorkerMessage> ref, AppType appType) implements Target {
    @Override
    public void send(long first, int count, long sizeMillis, ActorRef<Object> replyTo) {
      for (long id = first; id < first + count; id++) ref.tell(new Job(id, 1, appType, sizeMillis, replyTo.narrow()));
    }
  }

  /** A router over {@link Echo} routees: one {@link Echo.Request} per request, answered by an {@link Echo.Answer}. */
  record ToEcho(ActorRef<Echo.Request> ref) implements Target {
    @Override
    public void send(long first, int count, long sizeMillis, ActorRef<Object> replyTo) {
      for (long id = first; id < first + count; id++) ref.tell(new Echo.Request(id, replyTo.narrow()));
    }
  }

  /**
   * Workers fed straight, with no broker: each run of up to {@link SubmitBatch#MAX_SIZE} requests goes
   * as one {@link JobBatch} to the next worker in turn, answered by {@link JobsDone}s (request id as job id).
   */
  record ToWorkersBatched(List<ActorRef<WorkerMessage>> refs, AppType appType) implements Target {
    @Override
    public void send(long first, int count, long sizeMillis, ActorRef<Object> replyTo) {
      for (int done = 0; done < count; done += SubmitBatch.MAX_SIZE) {
        int size = Math.min(SubmitBatch.MAX_SIZE, count - done);
        long[] ids = new long[size];
        for (int i = 0; i < size; i++) ids[i] = first + done + i;
        int[] attempts = new int[size];
        Arrays.fill(attempts, 1);
        AppType[] types = new AppType[size];
        Arrays.fill(types, appType);
        long[] sizes = new long[size];
        Arrays.fill(sizes, sizeMillis);
        int worker = (int) ((first + done) / SubmitBatch.MAX_SIZE % refs.size());
        refs.get(worker).tell(new JobBatch(ids, attempts, types, sizes, replyTo.narrow()));
      }
    }
  }

  /**
   * Brokers, taken in turn by request id (how a client spreads its requests over several), with the
   * approach named in every request; {@code batched}: what goes to one broker at once goes as SubmitBatches.
   */
  record ToBrokers(List<ActorRef<BrokerMessage>> refs, AppType appType, String approach, boolean batched)
      implements Target {

    static ToBrokers one(ActorRef<BrokerMessage> ref, AppType appType, String approach, boolean batched) {
      return new ToBrokers(List.of(ref), appType, approach, batched);
    }

    @Override
    public void send(long first, int count, long sizeMillis, ActorRef<Object> replyTo) {
      int n = refs.size();
      if (!batched) {
        for (long id = first; id < first + count; id++) {
          refs.get((int) (id % n)).tell(new Submit(id, appType.wireName(), approach, sizeMillis, replyTo.narrow()));
        }
        return;
      }
      for (int b = 0; b < n; b++) {
        long firstHere = first + Math.floorMod(b - first, n); // the first id in the range that goes to broker b
        int here = firstHere < first + count ? (int) ((first + count - 1 - firstHere) / n + 1) : 0;
        for (int done = 0; done < here; done += SubmitBatch.MAX_SIZE) {
          int size = Math.min(SubmitBatch.MAX_SIZE, here - done);
          long[] ids = new long[size];
          for (int i = 0; i < size; i++) ids[i] = firstHere + (long) (done + i) * n;
          String[] types = new String[size];
          String[] approaches = new String[size];
          long[] sizes = new long[size];
          Arrays.fill(types, appType.wireName());
          Arrays.fill(approaches, approach);
          Arrays.fill(sizes, sizeMillis);
          refs.get(b).tell(new SubmitBatch(ids, types, approaches, sizes, replyTo.narrow()));
        }
      }
    }
  }
}
