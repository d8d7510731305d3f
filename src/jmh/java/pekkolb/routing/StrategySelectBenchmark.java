package pekkolb.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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

/**
 * What one routing decision costs, per strategy, at 3, 100 and 1,000 workers. Each pick takes a
 * job onto the chosen worker and finishes one elsewhere, so loads move as they do in the broker
 * and least_connections cannot stop its scan early on an idle worker.
 *
 * <p>mvn -B -Pjmh -DskipTests package && java -jar target/benchmarks.jar StrategySelect
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StrategySelectBenchmark {

  @Param({"3", "100", "1000"})
  int workers;

  @Param({"round_robin", "least_connections", "random", "power_of_two", "weighted_round_robin", "peak_ewma"})
  String approach;

  private List<Routee> loads;
  private RoutingStrategy strategy;
  private int finishing;

  @Setup
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    long now = System.nanoTime();
    loads = new ArrayList<>();
    for (int i = 0; i < workers; i++) {
      PeakEwma ewma = new PeakEwma(10_000_000_000L, now);
      ewma.observe(1_000_000 + random.nextInt(4_000_000), now);
      Routee load = new Routee("Worker-" + (i + 1), 1 + random.nextInt(3), ewma);
      for (int k = 5 + random.nextInt(20); k > 0; k--) load.started();
      loads.add(load);
    }
    loads.sort(WorkerOrder.WORKERS);
    strategy = new Strategies(42, System::nanoTime).get(Approach.parse(approach));
    strategy.workersChanged(loads);
  }

  @Benchmark
  public int select() {
    int chosen = strategy.select(loads);
    loads.get(chosen).started();
    // One job finishes somewhere else, keeping the total in flight steady.
    Routee done = loads.get(finishing);
    if (done.inFlight() > 1) done.ended();
    if (++finishing == workers) finishing = 0;
    return chosen;
  }
}
