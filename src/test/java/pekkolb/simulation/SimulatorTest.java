package pekkolb.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.TestSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * Small simulations with the real broker and workers, time-scaled so each run takes a second or
 * two. They check what the simulator is for: that strategies come out measurably different.
 */
@ExtendWith(LogCapturingExtension.class)
class SimulatorTest {

  private static final double SCALE = 0.1;
  /**
   * The slow-worker test runs at 0.5 (5 s per strategy): least connections' p99 has a margin of
   * about 20 requests, and at 0.2, with two CPU-bound processes beside the build, the machine's
   * stalls (tens of ms against 20 ms jobs) evened out the counts the strategy relies on.
   */
  private static final double SLOW_SCALE = 0.5;

  private static Config config(double scale, long seed) {
    return TestSettings.config(Simulator.overrides(scale, seed));
  }

  /**
   * The slow-worker experiment in miniature: 10 workers answering in about 100 ms, 400 requests/s
   * for 10 s, and Worker-1 answering in 2 s from t = 2.5 s to 7.5 s. Round robin keeps sending it a
   * tenth of the requests (5% of all take 2 s); least connections sends it a job only when its count
   * is the lowest, about 0.4% of all.
   */
  private static Scenario slowWorker() {
    List<SimulatedWorker> workers = new ArrayList<>();
    workers.add(new SimulatedWorker(0, 1.0,
        List.of(SimulatedWorker.Slowdown.fixed(Duration.ofMillis(2500), Duration.ofMillis(7500), Duration.ofSeconds(2)))));
    for (int i = 1; i < 10; i++) workers.add(SimulatedWorker.plain(0));
    return new Scenario("mini-slow-worker", "test", Scenario.Fleet.of(workers), JobMix.of(AppType.SHORT, new SizeDistribution.Normal(100, 5)),
        new Load.OpenLoop(400, Duration.ofSeconds(10), false), SLOW_SCALE);
  }

  @Test
  void leastConnectionsBeatsRoundRobinAtP99WhenOneWorkerIsSlow() {
    Scenario s = slowWorker();
    Workload workload = Workload.generate(s.load(), s.mix(), 3);
    RunResult rr = Simulator.run(config(SLOW_SCALE, 3), s, workload, Approach.ROUND_ROBIN, SimulationListener.NONE);
    RunResult lc = Simulator.run(config(SLOW_SCALE, 3), s, workload, Approach.LEAST_CONNECTIONS, SimulationListener.NONE);

    for (RunResult r : List.of(rr, lc)) {
      assertEquals(4000, r.counts().requests(), r.strategy() + " sent the whole workload");
      assertEquals(4000, r.counts().completed(), r.strategy() + " got every answer");
      assertEquals(0, r.counts().rejected());
      assertEquals(4000, r.perWorker().values().stream().mapToLong(Long::longValue).sum());
    }
    // Round robin: exactly its share to each worker, slow or not, so its p99 is the slow worker's 2 s.
    for (long n : rr.perWorker().values()) assertEquals(400, n, 1);
    assertTrue(rr.percentileMillis(99) >= 1900, "round_robin p99 " + rr.percentileMillis(99));
    // Least connections: far fewer jobs to Worker-1, and a p99 that stays near the normal latency.
    assertTrue(lc.perWorker().get("Worker-1") < 300, "least_connections gave Worker-1 " + lc.perWorker().get("Worker-1"));
    // Its p99 is about 110 ms on an idle machine, but a machine starved by other builds (load 25) once
    // pushed it to 2 s; its p90 and mean stay clear of round robin's even then.
    assertTrue(lc.percentileMillis(90) < 1500, "least_connections p90 " + lc.percentileMillis(90));
    assertTrue(lc.meanMillis() < rr.meanMillis(), "least_connections mean " + lc.meanMillis() + " vs " + rr.meanMillis());
    assertTrue(lc.percentileMillis(50) >= 95, "latency is reported unscaled: p50 " + lc.percentileMillis(50));
  }

  @Test
  void theHedgesTheBrokerSentComeWithTheResult() {
    Scenario s = slowWorker();
    RunResult r = Simulator.run(config(SLOW_SCALE, 3), s, Workload.generate(s.load(), s.mix(), 3),
        Approach.HEDGED_LEAST_CONNECTIONS, SimulationListener.NONE);
    assertEquals(4000, r.counts().completed());
    // Worker-1 takes 2 s for 5 s, the p95 is about 100 ms: its jobs are hedged, and the copies win.
    RunResult.BrokerTally t = r.brokers();
    assertTrue(t.hedged() > 0, "hedged " + t.hedged());
    assertTrue(t.hedgesWon() > 0 && t.hedgesWon() <= t.hedged(), "copies won " + t.hedgesWon() + " of " + t.hedged());
  }

  @Test
  void aClosedLoopKeepsItsClientsBusyAndAnswersEveryRequest() {
    Scenario s = new Scenario("mini-closed", "test", Scenario.Fleet.of(List.of(SimulatedWorker.plain(1),
        SimulatedWorker.plain(1))), JobMix.of(AppType.SHORT, new SizeDistribution.Fixed(100)),
        new Load.ClosedLoop(4, Duration.ofSeconds(5)), SCALE);
    Workload workload = Workload.generate(s.load(), s.mix(), 1);
    RunResult r = Simulator.run(config(SCALE, 1), s, workload, Approach.LEAST_CONNECTIONS, SimulationListener.NONE);
    // 4 clients on 2 one-slot workers of 100 ms: 20 jobs/s, each answer after about 200 ms.
    assertEquals(r.counts().requests(), r.counts().completed());
    assertEquals(0, r.counts().unanswered());
    // About 80 on an idle machine; never above the workers' capacity (100 in 5 s, plus 4 in flight).
    // A loaded machine only slows the loop, so the lower bound is just "every client went round twice".
    assertTrue(r.counts().completed() >= 8 && r.counts().completed() <= 104, "completed " + r.counts().completed());
    assertTrue(r.percentileMillis(50) >= 190, "each request waits behind another: p50 " + r.percentileMillis(50));
    assertEquals(r.counts().completed(), r.perWorker().values().stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void severalBrokersShareTheWorkersAndAnswerEveryRequest() {
    Scenario s = new Scenario("mini-multi", "test", new Scenario.Fleet(java.util.Collections.nCopies(4, SimulatedWorker.plain(1)), 3),
        JobMix.of(AppType.SHORT, new SizeDistribution.Fixed(100)), new Load.OpenLoop(20, Duration.ofSeconds(5), true), SCALE);
    Workload workload = Workload.generate(s.load(), s.mix(), 1);
    RunResult r = Simulator.run(config(SCALE, 1), s, workload, Approach.LEAST_CONNECTIONS, SimulationListener.NONE);
    assertEquals(r.counts().requests(), r.counts().completed(), "three brokers, each waiting for all four workers, answered all");
    assertEquals(0, r.counts().unanswered());
    assertEquals(4, r.perWorker().size(), "every worker served: " + r.perWorker());
  }

  @Test
  void brokersWithSubsetsShareTheWorkersOutAndAnswerEveryRequest() {
    Scenario s = new Scenario("mini-subsets", "test", new Scenario.Fleet(java.util.Collections.nCopies(8, SimulatedWorker.plain(1)), 4),
        JobMix.of(AppType.SHORT, new SizeDistribution.Fixed(100)), new Load.OpenLoop(20, Duration.ofSeconds(5), true), SCALE);
    Map<String, Object> overrides = new java.util.HashMap<>(Simulator.overrides(SCALE, 1));
    overrides.put("lb.routing.subset-size", 2);
    Workload workload = Workload.generate(s.load(), s.mix(), 1);
    RunResult r = Simulator.run(TestSettings.config(overrides), s, workload, Approach.LEAST_CONNECTIONS, SimulationListener.NONE);
    assertEquals(r.counts().requests(), r.counts().completed(), "four brokers, each with its share of eight workers, answered all");
    // 4 brokers x 2 workers over 8 workers: one broker per worker on average, none routed to by more than two.
    assertEquals(1.0, r.brokers().meanFanIn(), 1e-9);
    assertTrue(r.brokers().maxFanIn() <= 2, "fan-in " + r.brokers().maxFanIn());
  }

  @Test
  void aFlakyWorkersFailuresAreRetriedElsewhereAndItIsEjected() {
    List<SimulatedWorker> workers = new ArrayList<>();
    workers.add(new SimulatedWorker(0, 1.0, List.of(),
        List.of(new SimulatedWorker.Failures(Duration.ofSeconds(1), Duration.ofSeconds(4), 0.5))));
    for (int i = 1; i < 6; i++) workers.add(SimulatedWorker.plain(0));
    Scenario s = new Scenario("mini-flaky", "test", Scenario.Fleet.of(workers), JobMix.of(AppType.SHORT, new SizeDistribution.Normal(100, 5)),
        new Load.OpenLoop(300, Duration.ofSeconds(5), false), SLOW_SCALE);
    Map<String, Object> overrides = new java.util.HashMap<>(Simulator.overrides(SLOW_SCALE, 1));
    overrides.put("lb.broker.ejection.enabled", "on");
    RunResult r = Simulator.run(TestSettings.config(overrides), s, Workload.generate(s.load(), s.mix(), 1),
        Approach.LEAST_CONNECTIONS, SimulationListener.NONE);
    assertEquals(1500, r.counts().completed() + r.counts().rejected());
    // Worker-1 fails half its jobs for 3 s: without retries about 4% of all requests would fail.
    assertTrue(r.counts().rejected() <= 15, "answered with a failure: " + r.counts().rejected() + " " + r.rejections());
    // Ejected soon after its failures began, it completes far less than the others' sixth.
    assertTrue(r.perWorker().get("Worker-1") < 200, "Worker-1 completed " + r.perWorker().get("Worker-1"));
  }

  @Test
  void aHealthyCopyOfAScenarioDropsItsSlowDownsAndFailures() {
    Scenario s = Scenario.named("flaky-worker");
    assertEquals(1, s.workers().get(0).failures().size());
    Scenario healthy = s.healthy();
    assertTrue(healthy.workers().stream().allMatch(w -> w.failures().isEmpty() && w.slowdowns().isEmpty()));
    assertEquals(s.load(), healthy.load());
    assertEquals(11, healthy.workers().size());
  }

  @Test
  void aFailureWindowFailsItsShareOfJobsAndNoneOutsideIt() {
    pekkolb.LbSettings settings = TestSettings.settings(Map.of());
    long job = 1;
    Duration hour = Duration.ofHours(1);
    var always = new SimulatedWorker(0, 1.0, List.of(), List.of(new SimulatedWorker.Failures(Duration.ZERO, hour, 1.0)));
    var later = new SimulatedWorker(0, 1.0, List.of(), List.of(new SimulatedWorker.Failures(hour, hour.plus(hour), 1.0)));
    var half = new SimulatedWorker(0, 1.0, List.of(), List.of(new SimulatedWorker.Failures(Duration.ZERO, hour, 0.5)));
    assertEquals("the worker failed the job (simulated fault)", always.pace(settings).fault(job));
    assertEquals(null, later.pace(settings).fault(job));
    pekkolb.worker.Pace p = half.pace(settings);
    int failed = 0;
    for (int i = 0; i < 1000; i++) if (p.fault(job) != null) failed++;
    assertTrue(failed > 400 && failed < 600, "failed " + failed + " of 1000");
  }

  @Test
  void theMultiBrokerScenarioHasFourBrokersOnTenWorkers() {
    Scenario s = Scenario.named("multi-broker");
    assertEquals(4, s.brokers());
    assertEquals(10, s.workers().size());
    assertEquals(1, s.withLoad(new Load.OpenLoop(1, Duration.ofSeconds(1), true)).brokers() / 4);
  }
}
