package pekkolb.app;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import pekkolb.protocol.Approach;
import pekkolb.simulation.Report;
import pekkolb.simulation.RunResult;
import pekkolb.simulation.Scenario;
import pekkolb.simulation.SimulationListener;
import pekkolb.simulation.Simulator;
import pekkolb.simulation.Sweep;
import pekkolb.simulation.SweepReport;
import pekkolb.simulation.Workload;

/**
 * Runs a scenario against each strategy with the real broker and workers in this JVM, time-scaled,
 * and prints one table comparing them; a sweep runs each of its cells so. Every strategy gets the
 * same workload (same seed) on a fresh ActorSystem.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Compare balancing strategies on a built-in scenario (seed, slow-worker, heavy-tail, multi-broker, flaky-worker, "
        + "mixed-speed), or on a sweep of one over brokers, loads and modes (brokers-scale, aperture).")
final class SimulateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--scenario", required = true, paramLabel = "NAME", converter = ScenarioConverter.class,
      description = "seed, slow-worker, heavy-tail, multi-broker, flaky-worker, mixed-speed, brokers-scale or aperture.")
  Sweep scenario;

  @Option(names = "--strategies", split = ",", paramLabel = "NAME", converter = ApproachConverter.class,
      description = "Strategies to compare, in this order (default: all of them; a sweep's own few).")
  List<Approach> strategies;

  @Option(names = "--brokers", split = ",", paramLabel = "K",
      description = "Numbers of brokers to run, e.g. 1,8 (default: the scenario's; a sweep's grid).")
  List<Integer> brokers;

  @Option(names = "--loads", split = ",", paramLabel = "F",
      description = "Loads as shares of the workers' capacity, e.g. 0.8,0.95 (default: the scenario's rate; a sweep's grid).")
  List<Double> loads;

  @Option(names = "--modes", split = ",", paramLabel = "NAME",
      description = "A sweep's modes to run, e.g. reported (default: all of them).")
  List<String> modes;

  @Option(names = "--time-scale", paramLabel = "F",
      description = "Multiply job durations, e.g. 0.1 (default: -Dlb.time-scale if given, else the scenario's own; "
          + "reported times stay unscaled).")
  Double timeScale;

  @Option(names = "--seed", paramLabel = "S",
      description = "Seeds the workload and the random choices (default: 1; -Dlb.routing.seed may reseed the choices).")
  Long seedFlag;

  @Mixin LoadOptions loadFlags;

  @Option(names = "--healthy",
      description = "Run the scenario with every worker healthy (no slow-downs, no failures): its baseline.")
  boolean healthy;

  @Option(names = "--no-warmup",
      description = "Skip the unmeasured warm-up (about 2 s of the scenario, run first so the JIT has warmed up).")
  boolean noWarmup;

  @Mixin JsonOption json;

  @Option(names = "--chart", paramLabel = "FILE", description = "Also write latency by percentile as an SVG chart.")
  Path chart;

  @Override
  public Integer call() throws IOException {
    long seed = seedFlag != null ? seedFlag : 1;
    Configs configs = new Configs().set("lb.time-scale", timeScale).set("lb.routing.seed", seedFlag);
    Simulator.overrides(scenario.base().defaultTimeScale(), seed).forEach(configs::preset);
    Config config = configs.build();
    double scale = config.getDouble("lb.time-scale");
    if (!(scale > 0) || scale > 100) throw bad("--time-scale must be > 0 and <= 100, got " + scale);
    Sweep sweep;
    try {
      sweep = sweep();
      for (Sweep.Cell cell : sweep.cells()) cell.scenario(sweep.base()); // a load share needs workers with slots
    } catch (IllegalArgumentException e) {
      throw bad(e.getMessage());
    }
    Scenario run = sweep.base();
    List<Approach> order = strategies == null ? sweep.strategies() : strategies;
    JsonOption.checkWritable(json.file, "--json");
    JsonOption.checkWritable(chart, "--chart");
    if (chart != null && sweep.isGrid()) throw bad("--chart draws one cell's strategies; a sweep of " + sweep.cells().size() + " cells has none");

    PrintStream out = System.out;
    out.printf("Scenario %s: %s%n", run.name(), run.summary());
    out.printf("  load: %s%s; job sizes: %s%n", sweep.grid().loads().isEmpty() ? run.load().describe() : loadsText(sweep),
        run.load().equals(scenario.base().load()) ? "" : " (set by flags)", run.mix().describe());
    if (sweep.isGrid()) {
      out.printf("  brokers: %s; modes: %s%n", sweep.grid().brokers(), modesText(sweep));
    }
    out.printf(Locale.ROOT, "  time scale %s (%.0f s of load takes about %.0f s per strategy%s), seed %d, strategies: %s%n%n",
        scale, run.load().duration().toMillis() / 1000.0, run.load().duration().toMillis() / 1000.0 * scale,
        sweep.isGrid() ? " and cell, " + sweep.cells().size() + " cells" : "", seed,
        String.join(", ", order.stream().map(Approach::wireName).toList()));
    out.flush();

    List<SweepReport.Row> rows = new ArrayList<>();
    Map<Double, Workload> workloads = new HashMap<>(); // a load's cells share its workload
    Runnable restoreLogging = quietLogging();
    try {
      if (!noWarmup) warmUp(config, sweep, order.get(0), seed, scale);
      for (Sweep.Cell cell : sweep.cells()) {
        Scenario s = cell.scenario(run);
        Workload workload = workloads.computeIfAbsent(cell.load(), l -> Workload.generate(s.load(), s.mix(), seed));
        Progress progress = new Progress(label(sweep, cell));
        for (Approach a : order) {
          long started = System.nanoTime();
          RunResult r = Simulator.run(cell.config(config), s, workload, a, progress);
          progress.done(r, (System.nanoTime() - started) / 1e9);
          rows.add(new SweepReport.Row(cell, r));
        }
      }
    } finally {
      restoreLogging.run();
    }

    List<RunResult> results = rows.stream().map(SweepReport.Row::result).toList();
    out.print(sweep.isGrid() ? SweepReport.table(sweep, rows) : Report.table(results));
    if (json.file != null) {
      Files.writeString(json.file, sweep.isGrid() ? SweepReport.json(sweep, rows) : Report.json(results));
      out.printf("%nwrote %s%n", json.file);
    }
    if (chart != null) {
      String subtitle = String.format(Locale.ROOT, "%s; %s; time scale %s (latency unscaled), seed %d",
          rows.isEmpty() ? run.load().describe() : rows.get(0).cell().scenario(run).load().describe(), run.mix().describe(), scale, seed);
      Files.writeString(chart, Report.svg(run.name() + ": latency by percentile", subtitle, results));
      out.printf("%swrote %s%n", json.file == null ? System.lineSeparator() : "", chart);
    }
    boolean lost = results.stream().anyMatch(r -> r.counts().unanswered() > 0);
    return lost ? 1 : 0;
  }

  /** The scenario with the flags applied: its base (healthy, its load reshaped), and the grid cut to what was asked. */
  private Sweep sweep() {
    Scenario base = healthy ? scenario.base().healthy() : scenario.base();
    if ((loadFlags.rate != null || loadFlags.clients != null) && (loads != null || !scenario.grid().loads().isEmpty())) {
      throw new IllegalArgumentException("--rate and --clients set a scenario's rate; --loads (or a sweep's loads) set it already");
    }
    base = base.withLoad(loadFlags.applyTo(base.load()));
    return scenario.withBase(base).only(brokers, loads, modes);
  }

  /** A fresh JVM runs its first seconds interpreted; without this the first strategy pays for it. */
  private static void warmUp(Config config, Sweep sweep, Approach first, long seed, double scale) {
    Sweep.Cell cell = sweep.cells().get(0);
    Scenario s = cell.scenario(sweep.base());
    Duration real = Duration.ofSeconds(2);
    Duration unscaled = Duration.ofNanos((long) Math.min(s.load().duration().toNanos(), real.toNanos() / scale));
    Scenario warm = s.withLoad(LoadOptions.withDuration(s.load(), unscaled));
    System.err.printf("[%s] warming up for about %d s (not measured)%n", sweep.name(), real.toSeconds());
    Simulator.run(cell.config(config), warm, Workload.generate(warm.load(), warm.mix(), seed), first, SimulationListener.NONE);
  }

  private static String label(Sweep sweep, Sweep.Cell cell) {
    if (!sweep.isGrid()) return sweep.name();
    String load = Double.isNaN(cell.load()) ? "" : String.format(Locale.ROOT, " %.0f%%", 100 * cell.load());
    String mode = cell.mode().name().isEmpty() ? "" : " " + cell.mode().name();
    return sweep.name() + load + mode + " K=" + cell.brokers();
  }

  private static String loadsText(Sweep sweep) {
    Scenario base = sweep.base();
    List<String> each = new ArrayList<>();
    for (double l : sweep.grid().loads()) {
      each.add(String.format(Locale.ROOT, "%.0f%% (%s)", 100 * l,
          new Sweep.Cell(base.brokers(), l, Sweep.Mode.AS_CONFIGURED).scenario(base).load().describe()));
    }
    return String.join(", ", each);
  }

  private static String modesText(Sweep sweep) {
    List<String> each = new ArrayList<>();
    for (Sweep.Mode m : sweep.grid().modes()) each.add(m.name() + (m.settings().isEmpty() ? "" : " " + m.settings()));
    return String.join(", ", each);
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Per-job logging is off already; broker and worker INFO lines (workers joining) would bury the table. */
  private static Runnable quietLogging() {
    org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger("pekkolb");
    if (!(logger instanceof ch.qos.logback.classic.Logger lb)) return () -> {};
    ch.qos.logback.classic.Level before = lb.getLevel();
    lb.setLevel(ch.qos.logback.classic.Level.WARN);
    return () -> lb.setLevel(before);
  }

  /** The progress line on stderr: rewritten in place on a terminal, a line every few seconds otherwise. */
  private static final class Progress implements SimulationListener {
    private static final long LINE_EVERY_NANOS = Duration.ofSeconds(5).toNanos();
    private final String scenario;
    private final boolean terminal = System.console() != null;
    private long lastLine;

    Progress(String scenario) {
      this.scenario = scenario;
    }

    @Override
    public void progress(Approach approach, double elapsed, double duration, long sent, long answered) {
      String text = String.format(Locale.ROOT, "[%s] %s %.0f/%.0f s, %d sent, %d answered",
          scenario, approach.wireName(), Math.min(elapsed, duration), duration, sent, answered);
      if (terminal) {
        System.err.print("\r" + text + "   ");
        System.err.flush();
      } else if (System.nanoTime() - lastLine >= LINE_EVERY_NANOS) {
        lastLine = System.nanoTime();
        System.err.println(text);
      }
    }

    void done(RunResult r, double realSeconds) {
      String text = String.format(Locale.ROOT, "[%s] %s done in %.1f s: %d completed, %d rejected, p99 %.1f ms, p99.9 %.1f ms",
          scenario, r.strategy().wireName(), realSeconds, r.counts().completed(), r.counts().rejected(),
          r.percentileMillis(99), r.percentileMillis(99.9));
      System.err.println((terminal ? "\r" : "") + text + (terminal ? "          " : ""));
      lastLine = 0;
    }
  }

  static final class ScenarioConverter implements CommandLine.ITypeConverter<Sweep> {
    @Override
    public Sweep convert(String value) {
      try {
        return Sweep.named(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class ApproachConverter implements CommandLine.ITypeConverter<Approach> {
    @Override
    public Approach convert(String value) {
      try {
        return Approach.parse(value.trim());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
