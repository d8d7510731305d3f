package pekkolb.protocol;

/**
 * A worker's answer to one dispatch of a {@link Job}. {@code load} is the number of jobs the worker
 * holds (from every broker) once this one is off it: how each broker learns what the others put on
 * it. {@code failure} is null for a job that ran; otherwise why the worker would not run it (the
 * broker rejects the request with that reason and does not try it elsewhere).
 */
public record JobDone(long jobId, int attempt, String worker, int load, String failure)
    implements BrokerMessage, CborSerializable {

  public boolean failed() {
    return failure != null;
  }
}
