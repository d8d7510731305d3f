package pekkolb.app;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pekkolb.bench.BenchResults.ClusterThroughput;
import pekkolb.bench.BenchResults.Concurrency;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.Report;
import pekkolb.bench.BenchResults.Throughput;
import pekkolb.bench.BenchResults.ThroughputSetup;
import pekkolb.bench.BenchResults;
import pekkolb.bench.BenchTable;
import pekkolb.bench.ClusterBench;
import pekkolb.bench.ConcurrencyBench;
import pekkolb.bench.GatewayBench;
import pekkolb.bench.ThroughputBench;

/**
 * Measures pekko-lb in one run and prints a table: routing throughput against the floor (batches
 * straight to the workers) and Pekko's pool router, the library's balancer against that router, bursts of Long jobs in flight at once, and routing throughput across a
 * cluster of nodes on loopback, and the text gateway against a minimal reference server. Measures only; asserts nothing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Measure routing throughput, concurrency, cluster throughput and the gateway in one run and print a table.",
        "Measured with: java -Xmx2g -jar target/pekko-lb.jar bench",
        "(the 1,000,000 burst needs the 2 GB heap)"})
final class BenchCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Mixin JsonOption json;

  @Option(names = "--only", paramLabel = "PART",
      description = "Run one part only: throughput, concurrency, cluster or gateway.")
  String only;

  @Mixin RunSize size;

  @Option(names = "--concurrency", split = ",", paramLabel = "N", defaultValue = "10000,100000,1000000",
      description = "Burst sizes of Long jobs sent at once (default: ${DEFAULT-VALUE}).")
  List<Integer> bursts;

  @Option(names = "--connections", split = ",", paramLabel = "N", defaultValue = "1000,2000,5000,10000",
      description = "Connections opened at once against the gateway and the reference server (default: ${DEFAULT-VALUE}).")
  List<Integer> connections;

  @Option(names = "--reference-backlog", paramLabel = "N",
      description = "Listen queue of the gateway part's reference server (default: the gateway's, lb.gateway.backlog).")
  Integer referenceBacklog;

  @Mixin TimeScaleOption speed;

  @Override
  public Integer call() {
    validate();
    Config config = new Configs()
        .set("lb.time-scale", speed.timeScale)
        // One line per job would drown the figures and slow down what is measured.
        .preset("lb.broker.log-jobs", "off")
        .preset(ConfigFactory.load().getConfig("lb.bench"))
        .build();
    Runtime rt = Runtime.getRuntime();
    BenchResults.Machine machine = new BenchResults.Machine(rt.availableProcessors(), rt.maxMemory(),
        System.getProperty("java.version"), System.getProperty("java.vm.name"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        List.copyOf(ManagementFactory.getRuntimeMXBean().getInputArguments()));
    int biggest = bursts.stream().mapToInt(Integer::intValue).max().orElse(0);
    if (runs("concurrency") && biggest >= 1_000_000 && rt.maxMemory() < (1900L << 20)) {
      System.out.printf("note: max heap is %d MB; the %,d burst was measured with "
          + "java -Xmx2g -Xmn1g -jar target/pekko-lb.jar bench%n", rt.maxMemory() >> 20, biggest);
    }

    // The steps between runs run on this one thread; it never blocks, it only chains the next run.
    // (Not the common pool: on <= 2 CPUs CompletableFuture's default executor starts a thread per task.)
    ExecutorService control = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-control");
      t.setDaemon(true);
      return t;
    });
    ch.qos.logback.classic.Logger lbLog = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("pekkolb");
    Level levelBefore = lbLog.getLevel();
    lbLog.setLevel(Level.WARN); // workers joining, three systems over: not worth a line each here
    try {
      // Part 2 runs first so its bursts run on code not yet shaped by part 1's paths (see
      // docs/benchmarks.md); part 1 interleaves its paths. The table keeps the numbered order.
      CompletableFuture<Concurrency> concurrency = !runs("concurrency")
          ? CompletableFuture.completedFuture(null)
          : ConcurrencyBench.run(config,
              new ConcurrencyBench.Options(bursts, size.workers, size.burstWarmup, Duration.ofSeconds(60)), control);
      CompletableFuture<Throughput> throughput = concurrency.thenComposeAsync(c -> !runs("throughput")
          ? CompletableFuture.completedFuture(null)
          : ThroughputBench.run(config, new ThroughputBench.Options(new ThroughputSetup(size.requests, size.minRunSeconds,
              size.window, size.workers, size.warmup, size.iterations), Duration.ofSeconds(60)), control), control);
      // The cluster last: its five systems start only once part 1's are down, and nothing else runs beside them.
      CompletableFuture<ClusterThroughput> cluster = throughput.thenComposeAsync(t -> !runs("cluster")
          ? CompletableFuture.completedFuture(null)
          : ClusterBench.run(config, new ClusterBench.Options(size.requests, size.window, size.workers,
              size.warmup, size.iterations, Duration.ofSeconds(60)), control), control);
      CompletableFuture<GatewayConnections> gateway = cluster.thenComposeAsync(c -> !runs("gateway")
          ? CompletableFuture.completedFuture(null)
          : GatewayBench.run(config, new GatewayBench.Options(connections, size.workers, size.warmup, referenceBacklog,
              Duration.ofSeconds(60)), control), control);
      // Every part is done by now, so the joins below return at once.
      CompletableFuture<Report> report = gateway.thenApplyAsync(
          g -> new Report(machine, throughput.join(), concurrency.join(), cluster.join(), g), control);
      // The one place a thread waits: main, for the whole run's result.
      Report r = report.join();
      BenchTable.print(r, System.out);
      if (json.file != null) writeJson(r);
      return allAnswered(r) ? 0 : 1;
    } finally {
      lbLog.setLevel(levelBefore);
      control.shutdown();
    }
  }

  private void validate() {
    if (only != null && !List.of("throughput", "concurrency", "cluster", "gateway").contains(only)) {
      throw bad("--only must be throughput, concurrency, cluster or gateway, got '" + only + "'");
    }
    try {
      size.validate();
      JsonOption.checkWritable(json.file, "--json"); // now rather than after the whole run
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    if (speed.timeScale != null && !(speed.timeScale > 0)) throw bad("--time-scale must be > 0, got " + speed.timeScale);
    for (int n : bursts) if (n < 1) throw bad("--concurrency sizes must be >= 1, got " + n);
    for (int n : connections) if (n < 1) throw bad("--connections sizes must be >= 1, got " + n);
    if (referenceBacklog != null && referenceBacklog < 1) throw bad("--reference-backlog must be >= 1, got " + referenceBacklog);
  }

  private boolean runs(String part) {
    return only == null || only.equals(part);
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static boolean allAnswered(Report r) {
    boolean ok = true;
    if (r.throughput() != null) {
      for (var row : r.throughput().rows()) ok &= row.answers().complete();
    }
    if (r.concurrency() != null) {
      for (var row : r.concurrency().rows()) ok &= row.answered() == row.requests() && row.duplicates() == 0;
    }
    if (r.cluster() != null) {
      for (var row : r.cluster().rows()) ok &= row.answers().complete();
    }
    if (r.gateway() != null) {
      for (var row : r.gateway().rows()) ok &= row.gateway().failed() == 0 && row.reference().failed() == 0;
    }
    return ok;
  }

  private void writeJson(Report r) {
    try {
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.file.toFile(), r);
      System.out.println("\nwrote " + json.file);
    } catch (IOException e) {
      throw new IllegalStateException("could not write " + json.file + ": " + e.getMessage(), e);
    }
  }
}
