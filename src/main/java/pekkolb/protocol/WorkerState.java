package pekkolb.protocol;

/** Whether a broker may give a worker new jobs. */
public enum WorkerState {
  /** In the listing and reachable: takes new jobs. */
  ROUTABLE,
  /** Listed but unreachable (cluster): no new jobs, and its jobs were re-dispatched. */
  UNREACHABLE,
  /** Left the listing (draining or stopping): no new jobs, but the jobs it holds are awaited. */
  DEREGISTERED;

  /** Lower case, for tables and logs. */
  public String label() {
    return name().toLowerCase();
  }
}
