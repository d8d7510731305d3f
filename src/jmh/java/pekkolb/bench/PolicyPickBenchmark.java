package pekkolb.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import pekkolb.router.Policies;
import pekkolb.router.Policy;
import pekkolb.router.RouteeLoad;

/**
 * What one pick costs, per policy of the library, at 3, 100 and 1,000 routees. Each pick puts a
 * request on the chosen routee and finishes one elsewhere, so loads move as they do in a balancer and
 * least connections cannot stop its scan early on an idle routee.
 *
 * <p>mvn -B -Pjmh -DskipTests package && java -jar target/benchmarks.jar PolicyPick
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PolicyPickBenchmark {

  /** A routee as a policy sees it, with counts set here. */
  static final class Load implements RouteeLoad {
    final String name;
    final double latency;
    int inFlight;

    Load(String name, double latency) {
      this.name = name;
      this.latency = latency;
    }

    @Override public ActorRef<?> ref() { return null; }
    @Override public String name() { return name; }
    @Override public int inFlight() { return inFlight; }
    @Override public int load() { return inFlight; }
    @Override public double latencyNanos(long nowNanos) { return latency; }
    @Override public double lastLatencyNanos() { return latency; }
    @Override public int slots() { return 0; }
    @Override public double workLeftNanos(long nowNanos) { return inFlight * latency; }
  }

  @Param({"3", "100", "1000"})
  int routees;

  @Param({"roundRobin", "leastConnections", "random", "powerOfTwoChoices", "peakEwma", "leastWork", "prequal"})
  String policy;

  private List<Load> loads;
  private Policy.Picker picker;
  private int finishing;

  @Setup
  public void setUp() throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    loads = new ArrayList<>();
    for (int i = 0; i < routees; i++) {
      Load load = new Load("worker-" + (i + 1), 1_000_000 + random.nextInt(4_000_000));
      load.inFlight = 5 + random.nextInt(20);
      loads.add(load);
    }
    picker = ((Policy) Policies.class.getMethod(policy).invoke(null)).newPicker(new SplittableRandom(42));
    picker.routeesChanged(loads);
  }

  @Benchmark
  public int pick() {
    int chosen = picker.pick(loads, 0);
    loads.get(chosen).inFlight++;
    // One request finishes somewhere else, keeping the total in flight steady.
    Load done = loads.get(finishing);
    if (done.inFlight > 1) done.inFlight--;
    if (++finishing == routees) finishing = 0;
    return chosen;
  }
}
