package pekkolb.simulation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pekkolb.protocol.AppType;

/**
 * A named experiment: who serves ({@link Fleet}: the workers, one profile each, named Worker-1..N,
 * and how many brokers share them), what requests ask for, how they arrive, and the time scale that
 * runs it fast enough while the results still hold.
 */
public record Scenario(String name, String summary, Fleet fleet, JobMix mix, Load load, double defaultTimeScale) {

  /** The workers, and the brokers that share them (requests spread over the brokers in turn). */
  public record Fleet(List<SimulatedWorker> workers, int brokers) {
    public Fleet {
      if (workers.isEmpty()) throw new IllegalArgumentException("a scenario needs at least one worker");
      workers = List.copyOf(workers);
      if (brokers < 1) throw new IllegalArgumentException("a scenario needs at least one broker");
    }

    /** These workers and one broker. */
    public static Fleet of(List<SimulatedWorker> workers) {
      return new Fleet(workers, 1);
    }
  }

  public Scenario {
    if (!(defaultTimeScale > 0)) throw new IllegalArgumentException("time scale must be > 0");
  }

  public List<SimulatedWorker> workers() {
    return fleet.workers();
  }

  public int brokers() {
    return fleet.brokers();
  }

  /** The same scenario with another load (the command line's --rate, --clients, --duration). */
  public Scenario withLoad(Load other) {
    return new Scenario(name, summary, fleet, mix, other, defaultTimeScale);
  }

  /** The same scenario with {@code brokers} brokers sharing its workers. */
  public Scenario withBrokers(int brokers) {
    return new Scenario(name, summary, new Fleet(fleet.workers(), brokers), mix, load, defaultTimeScale);
  }

  /** The same scenario with every worker healthy (no slow-downs, no failures): its baseline. */
  public Scenario healthy() {
    return new Scenario(name + " (healthy)", summary + "; run with every worker healthy",
        new Fleet(workers().stream().map(SimulatedWorker::healthy).toList(), fleet.brokers()), mix, load, defaultTimeScale);
  }

  /**
   * Jobs per second the workers finish when every slot is busy: slots x speed / the mean job, summed
   * over the workers; 0 if a worker has no slot limit (it is never full).
   */
  public double capacityPerSecond() {
    double slotSeconds = 0;
    for (SimulatedWorker w : workers()) {
      if (w.slots() == 0) return 0;
      slotSeconds += w.slots() * w.speed();
    }
    return slotSeconds / (mix.meanMillis() / 1000.0);
  }

  public static String workerName(int index) {
    return "Worker-" + (index + 1);
  }

  // ---- the built-in scenarios ---------------------------------------------------------------

  private static final Map<String, Scenario> BUILT_IN = new LinkedHashMap<>();

  static {
    add(seed());
    add(slowWorker());
    add(heavyTail());
    add(multiBroker());
    add(flakyWorker());
    add(mixedSpeed());
  }

  private static void add(Scenario s) {
    BUILT_IN.put(s.name(), s);
  }

  public static List<String> names() {
    return List.copyOf(BUILT_IN.keySet());
  }

  /** @throws IllegalArgumentException naming the bad value and the allowed ones */
  public static Scenario named(String name) {
    Scenario s = BUILT_IN.get(name);
    if (s == null) {
      throw new IllegalArgumentException("unknown scenario '" + name + "' (allowed: " + String.join(", ", names()) + ")");
    }
    return s;
  }

  /**
   * The original system under load: three workers, Short (1 s) and Long (5 s) jobs half and half,
   * but with 2 slots per worker, so a worker holding two Longs makes a third job wait. Poisson
   * arrivals at 1.6/s keep the pool about 80% busy (capacity: 6 slots / 3 s mean = 2 jobs/s).
   */
  static Scenario seed() {
    return new Scenario("seed",
        "3 workers with 2 slots each; Short 1 s / Long 5 s half and half, Poisson arrivals at 80% of capacity",
        Fleet.of(Collections.nCopies(3, SimulatedWorker.plain(2))),
        JobMix.shortLong(0.5, new SizeDistribution.Fixed(1000), new SizeDistribution.Fixed(5000)),
        new Load.OpenLoop(1.6, Duration.ofSeconds(300), true),
        0.05);
  }

  /**
   * Buoyant's "Beyond Round Robin" experiment (Linkerd, 2016): 11 servers answering in a normal
   * 167 ms (sd 5 ms), one client at 1,000 requests/s for 60 s, and one server answering in 2 s
   * from t = 15 s to t = 45 s. No slot limit: the servers serve concurrently.
   *
   * <p>Time scale 0.5: peak_ewma sends the slow worker about 50 of the 60,000 requests, close to
   * the 60 that would move its p99.9, and on a busy machine every real millisecond of stall counts
   * 1/scale times; 0.5 keeps that noise small and a run of all six strategies near three minutes.
   */
  static Scenario slowWorker() {
    return withOddWorker1("slow-worker", "takes 2 s from t = 15 s to 45 s", new SimulatedWorker(0, 1.0,
        List.of(SimulatedWorker.Slowdown.fixed(Duration.ofSeconds(15), Duration.ofSeconds(45), Duration.ofSeconds(2)))));
  }

  /**
   * slow-worker's fleet and load, but Worker-1 fails 30% of its jobs (at their end, having run
   * them) from t = 15 s to 45 s instead of slowing down: the case for a retry elsewhere, within a
   * budget, and for ejecting the flaky worker. Run it with -Dlb.broker.ejection.enabled=on and
   * off, and with --healthy for the run without the flaky worker.
   */
  static Scenario flakyWorker() {
    return withOddWorker1("flaky-worker", "fails 30% of its jobs from t = 15 s to 45 s", new SimulatedWorker(0, 1.0, List.of(),
        List.of(new SimulatedWorker.Failures(Duration.ofSeconds(15), Duration.ofSeconds(45), 0.3))));
  }

  /** slow-worker's fleet and load, with {@code worker1} as Worker-1 and the other ten plain; {@code odd} says how it differs. */
  private static Scenario withOddWorker1(String name, String odd, SimulatedWorker worker1) {
    List<SimulatedWorker> workers = new ArrayList<>();
    workers.add(worker1);
    for (int i = 1; i < 11; i++) workers.add(SimulatedWorker.plain(0));
    return new Scenario(name,
        "11 workers, normal(167 ms, sd 5 ms); 1,000 requests/s for 60 s; Worker-1 " + odd,
        Fleet.of(workers),
        JobMix.of(AppType.SHORT, new SizeDistribution.Normal(167, 5)),
        new Load.OpenLoop(1000, Duration.ofSeconds(60), false),
        0.5);
  }

  /**
   * Heavy-tailed job sizes on one-slot workers: most jobs take tens of milliseconds, a few take
   * many seconds, and a job that lands behind one of those waits for it.
   */
  static Scenario heavyTail() {
    SizeDistribution sizes = new SizeDistribution.BoundedPareto(1.1, 20, 20_000);
    int workers = 8;
    double rate = 0.75 * workers / (sizes.mean() / 1000.0); // three quarters busy
    return new Scenario("heavy-tail",
        Fmt.num("8 workers with 1 slot; sizes %s; Poisson arrivals at 75%% of capacity", sizes.describe()),
        Fleet.of(Collections.nCopies(workers, SimulatedWorker.plain(1))),
        JobMix.of(AppType.SHORT, sizes),
        new Load.OpenLoop(Math.round(rate), Duration.ofSeconds(120), true),
        0.1);
  }

  /**
   * Several brokers sharing the workers: 4 brokers, each seeing a quarter of the
   * requests, route to 10 one-slot workers at 80% of capacity; calls take about 100 ms (lognormal,
   * sd 20 ms), as a typical service does. A broker that counts only its own jobs sees a worker busy
   * with the others' jobs as idle, and herds onto it; with the load workers report it does not. Run
   * it with -Dlb.routing.reported-load=off and on. With sd 100 ms the p99 was the few long calls
   * themselves, whatever the balancing. Real time: shorter scales drowned in scheduling stalls.
   */
  static Scenario multiBroker() {
    SizeDistribution sizes = SizeDistribution.LogNormal.ofMeanSd(100, 20);
    int workers = 10;
    double rate = 0.8 * workers / (sizes.mean() / 1000.0);
    return new Scenario("multi-broker",
        Fmt.num("4 brokers share 10 workers with 1 slot; sizes %s; Poisson arrivals at 80%% of capacity, "
            + "spread over the brokers in turn", sizes.describe()),
        new Fleet(Collections.nCopies(workers, SimulatedWorker.plain(1)), 4),
        JobMix.of(AppType.SHORT, sizes),
        new Load.OpenLoop(Math.round(rate), Duration.ofSeconds(40), true),
        1.0);
  }

  /**
   * Workers that are not alike and say nothing of it: four with 4 slots each at speeds 1, 1, 0.5 and
   * 0.25 (the last takes four times as long), calls of about 100 ms, Poisson arrivals at 80% of
   * what they finish together. Equal weights overload the slow two; weights from the usage the
   * workers report should find their speeds without being told.
   */
  static Scenario mixedSpeed() {
    SizeDistribution sizes = SizeDistribution.LogNormal.ofMeanSd(100, 20);
    List<SimulatedWorker> workers = new ArrayList<>();
    for (double speed : new double[] {1, 1, 0.5, 0.25}) workers.add(new SimulatedWorker(4, speed, List.of()));
    Scenario s = new Scenario("mixed-speed",
        Fmt.num("4 workers with 4 slots at speeds 1, 1, 0.5 and 0.25; sizes %s; Poisson arrivals at 80%% of capacity",
            sizes.describe()),
        Fleet.of(workers), JobMix.of(AppType.SHORT, sizes), new Load.OpenLoop(1, Duration.ofSeconds(60), true), 0.5);
    return s.withLoad(new Load.OpenLoop(Math.round(0.8 * s.capacityPerSecond() * 100) / 100.0, Duration.ofSeconds(60), true));
  }
}
