package pekkolb.routing;

/**
 * A worker's load as its owner counts it: the one {@link WorkerLoad} the broker keeps per worker,
 * also what benchmarks and tests hand to strategies. Owned by one actor: not thread-safe.
 */
public class Routee implements WorkerLoad {
  private final String name;
  private final int weight;
  private final PeakEwma latency;
  private int inFlight;

  public Routee(String name, int weight, PeakEwma latency) {
    this.name = name;
    this.weight = weight;
    this.latency = latency;
  }

  /** A job went to this worker. */
  public void started() {
    inFlight++;
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
