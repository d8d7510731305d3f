package pekkolb.protocol;

/**
 * A worker's answer to one dispatch of a {@link Job}. {@code load} is the number of jobs the worker
 * holds (from every broker) once this one is off it: how each broker learns what the others put on
 * it. {@code failure} is null for a job that ran; otherwise why it did not. With {@code workerFault}
 * false the job cannot run anywhere (the broker rejects it at once); with it true the fault was this
 * worker's (it may succeed elsewhere: the broker may try another worker, within a retry budget).
 */
public record JobDone(long jobId, int attempt, String worker, int load, String failure, boolean workerFault)
    implements BrokerMessage, CborSerializable {

  /** An answer with no worker fault: the job ran, or cannot run anywhere. */
  public JobDone(long jobId, int attempt, String worker, int load, String failure) {
    this(jobId, attempt, worker, load, failure, false);
  }

  public boolean failed() {
    return failure != null;
  }
}
