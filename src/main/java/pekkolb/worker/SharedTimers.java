package pekkolb.worker;

import java.util.HashMap;
import pekkolb.batching.Batcher;

/**
 * A worker's {@link TimerBatch}es. With unlimited slots, jobs of one duration that come while the
 * worker reads one run of its mailbox share the open batch for that duration; with slots, each job
 * has a timer of its own, as its slot is taken at its own time.
 *
 * <p>The open batches are closed at the end of the mailbox run, by the worker's {@link Batcher}: they
 * are what waits there for the run to end, as the answers do. So every job in a batch arrived before
 * the batch's timer started, and none ends sooner than its duration after it arrived.
 */
final class SharedTimers extends Batcher.Buffer {
  private final boolean shared;
  private final RunningJobs places = new RunningJobs(); // the jobs by id and attempt: no message is held
  private final HashMap<Long, TimerBatch> open = new HashMap<>();
  private TimerBatch last;
  private long lastNanos;

  /** @param shared whether jobs of one duration share a timer (unlimited slots) */
  SharedTimers(boolean shared) {
    this.shared = shared;
  }

  /** The open batch for jobs of {@code nanos} with room for one more, or null: the caller starts a {@link #create new} one. */
  TimerBatch open(long nanos) {
    // Nearly every job has the same duration as the one before: look that up without boxing.
    TimerBatch batch = nanos == lastNanos && last != null ? last : open.get(nanos);
    if (batch == null || batch.room() == 0) return null;
    last = batch;
    lastNanos = nanos;
    return batch;
  }

  /** A batch whose timer is not started yet. */
  TimerBatch create(Worker owner) {
    return new TimerBatch(owner, places, shared ? TimerBatch.LIMIT : 1);
  }

  /**
   * {@code batch}'s timer of {@code nanos} started; returns whether it stays open for other jobs of that
   * duration, which the owner then tells its {@link Batcher} (the end of the run closes it).
   */
  boolean started(long nanos, TimerBatch batch) {
    if (!shared) return false;
    open.put(nanos, batch);
    last = batch;
    lastNanos = nanos;
    return true;
  }

  @Override
  public int size() {
    return open.size();
  }

  /** The end of the mailbox run: jobs that come from now on start new batches. */
  @Override
  protected void send() {
    open.clear();
    last = null;
  }
}
