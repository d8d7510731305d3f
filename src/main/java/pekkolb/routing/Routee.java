package pekkolb.routing;

/**
 * A worker's load as its owner counts it: the one {@link WorkerLoad} the broker keeps per worker,
 * also what benchmarks and tests hand to strategies. Owned by one actor: not thread-safe.
 *
 * <p>With reported load on, {@link #load()} is the worker's last report (its jobs from every
 * broker) plus this broker's dispatches to it since that report arrived, never below this broker's
 * own jobs in flight there (a report may predate jobs still on their way to the worker).
 */
public class Routee implements WorkerLoad {
  private final String name;
  private final int weight;
  private final PeakEwma latency;
  private final boolean useReported;
  private int inFlight;
  private int reported = -1; // none yet
  private int sinceReport;

  /** Own counts only: {@link #load()} is {@link #inFlight()}. */
  public Routee(String name, int weight, PeakEwma latency) {
    this(name, weight, latency, false);
  }

  /** @param useReported whether {@link #load()} uses the worker's reports (lb.routing.reported-load) */
  public Routee(String name, int weight, PeakEwma latency, boolean useReported) {
    this.name = name;
    this.weight = weight;
    this.latency = latency;
    this.useReported = useReported;
  }

  /** A job went to this worker. */
  public void started() {
    inFlight++;
    sinceReport++;
  }

  /** The worker said it holds {@code load} jobs from every broker (in an answer or its hello). */
  public void reported(int load) {
    reported = Math.max(0, load);
    sinceReport = 0;
  }

  @Override
  public int load() {
    return useReported && reported >= 0 ? Math.max(inFlight, reported + sinceReport) : inFlight;
  }

  /** A job left this worker: done, taken back or failed. */
  public void ended() {
    inFlight--;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public int weight() {
    return weight;
  }

  @Override
  public PeakEwma latency() {
    return latency;
  }
}
