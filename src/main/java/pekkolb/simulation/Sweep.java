package pekkolb.simulation;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * A scenario run over a grid rather than once: numbers of brokers, loads (shares of the workers'
 * capacity) and modes (settings of the brokers, such as whether they count the load workers report).
 * Each cell runs each strategy; cells of one load share one workload, generated from the seed, so
 * they differ only in what the grid varies. Each result is set against its reference cell: the same
 * load, mode and strategy with the grid's first number of brokers, or the same but in the first mode.
 * A plain scenario is a sweep of one cell.
 */
public record Sweep(Scenario base, Grid grid, Axis compare, List<Approach> strategies) {

  /** What the sweep varies. An empty {@code loads} runs the base scenario's own load. */
  public record Grid(List<Integer> brokers, List<Double> loads, List<Mode> modes) {
    public Grid {
      brokers = List.copyOf(brokers);
      loads = List.copyOf(loads);
      modes = List.copyOf(modes);
      if (brokers.isEmpty() || modes.isEmpty()) throw new IllegalArgumentException("a grid needs brokers and modes");
      for (int b : brokers) if (b < 1) throw new IllegalArgumentException("brokers must be >= 1, got " + b);
      for (double l : loads) if (!(l > 0)) throw new IllegalArgumentException("a load must be > 0, got " + l);
    }
  }

  /** Settings laid over the run's config (keys under lb, values as in application.conf); {@code name} labels the rows. */
  public record Mode(String name, Map<String, Object> settings) {
    /** The config as it is. */
    public static final Mode AS_CONFIGURED = new Mode("", Map.of());

    public Mode {
      settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }
  }

  /** What a result is compared with: the first number of brokers, or the first mode. */
  public enum Axis { BROKERS, MODE }

  /** One point of the grid. {@code load} is NaN for the base scenario's own load. */
  public record Cell(int brokers, double load, Mode mode) {
    /** The base scenario at this point: its brokers, and its open-loop rate set to this share of capacity. */
    public Scenario scenario(Scenario base) {
      Scenario s = base.withBrokers(brokers);
      if (Double.isNaN(load)) return s;
      double capacity = base.capacityPerSecond();
      if (capacity == 0) throw new IllegalArgumentException(base.name() + ": its workers have no slot limit, so a load share means nothing");
      Load.OpenLoop open = base.load() instanceof Load.OpenLoop o ? o
          : new Load.OpenLoop(1, base.load().duration(), true);
      return s.withLoad(new Load.OpenLoop(Math.round(load * capacity * 100) / 100.0, open.duration(), open.poisson()));
    }

    /** {@code config} with this cell's mode laid over it. */
    public Config config(Config config) {
      return mode.settings().isEmpty() ? config : ConfigFactory.parseMap(mode.settings()).withFallback(config).resolve();
    }
  }

  public Sweep {
    strategies = List.copyOf(strategies);
  }

  /** A plain scenario: one cell, its own brokers and load, the config as it is, every strategy. */
  public static Sweep of(Scenario scenario) {
    return new Sweep(scenario, new Grid(List.of(scenario.brokers()), List.of(), List.of(Mode.AS_CONFIGURED)), Axis.BROKERS,
        List.of(Approach.values()));
  }

  public String name() {
    return base.name();
  }

  /** Whether it is more than one cell. */
  public boolean isGrid() {
    return cells().size() > 1;
  }

  /** The cells, load by load, mode by mode, then by number of brokers. */
  public List<Cell> cells() {
    List<Cell> cells = new ArrayList<>();
    List<Double> loads = grid.loads().isEmpty() ? List.of(Double.NaN) : grid.loads();
    for (double load : loads) {
      for (Mode mode : grid.modes()) {
        for (int brokers : grid.brokers()) cells.add(new Cell(brokers, load, mode));
      }
    }
    return cells;
  }

  /** The cell {@code cell} is compared with (itself, for a reference cell). */
  public Cell reference(Cell cell) {
    return compare == Axis.BROKERS ? new Cell(grid.brokers().get(0), cell.load(), cell.mode())
        : new Cell(cell.brokers(), cell.load(), grid.modes().get(0));
  }

  /** The same sweep over other numbers of brokers, other loads, or only the modes named (null: as it is). */
  public Sweep only(List<Integer> brokers, List<Double> loads, List<String> modes) {
    List<Mode> kept = grid.modes();
    if (modes != null) {
      kept = new ArrayList<>();
      for (String name : modes) {
        kept.add(grid.modes().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow(() ->
            new IllegalArgumentException("unknown mode '" + name + "' of " + name() + " (allowed: " + String.join(", ", modeNames()) + ")")));
      }
    }
    return new Sweep(base, new Grid(brokers != null ? brokers : grid.brokers(), loads != null ? loads : grid.loads(), kept),
        compare, strategies);
  }

  public List<String> modeNames() {
    return grid.modes().stream().map(Mode::name).toList();
  }

  /** The same sweep over another base scenario (with flags applied, or healthy). */
  public Sweep withBase(Scenario other) {
    return new Sweep(other, grid, compare, strategies);
  }

  // ---- the built-in sweeps -------------------------------------------------------------------

  /** Counting only its own jobs, or adding what the workers report of the other brokers' jobs. */
  static final List<Mode> COUNTING = List.of(
      new Mode("own", Map.of("lb.routing.reported-load", "off")),
      new Mode("reported", Map.of("lb.routing.reported-load", "on")));

  /** Service calls of about 100 ms, as multi-broker's. */
  private static final SizeDistribution CALLS = SizeDistribution.LogNormal.ofMeanSd(100, 20);

  private static final Map<String, Sweep> BUILT_IN = new LinkedHashMap<>();

  static {
    add(brokersScale());
    add(aperture());
  }

  private static void add(Sweep s) {
    BUILT_IN.put(s.name(), s);
  }

  /** Every name --scenario takes: the plain scenarios, then the sweeps. */
  public static List<String> names() {
    List<String> names = new ArrayList<>(Scenario.names());
    names.addAll(BUILT_IN.keySet());
    return names;
  }

  /** @throws IllegalArgumentException naming the bad value and the allowed ones */
  public static Sweep named(String name) {
    Sweep s = BUILT_IN.get(name);
    if (s != null) return s;
    if (Scenario.names().contains(name)) return of(Scenario.named(name));
    throw new IllegalArgumentException("unknown scenario '" + name + "' (allowed: " + String.join(", ", names()) + ")");
  }

  /**
   * Several brokers as good as one? 32 one-slot workers shared by 1 to 16 brokers, at 0.8 and 0.95 of
   * their capacity, each broker counting only its own jobs or also the load the workers report.
   */
  static Sweep brokersScale() {
    Scenario base = new Scenario("brokers-scale",
        Fmt.num("32 workers with 1 slot shared by 1 to 16 brokers; sizes %s; Poisson arrivals at 80%% and 95%% of capacity, "
            + "spread over the brokers in turn", CALLS.describe()),
        Scenario.Fleet.of(Collections.nCopies(32, SimulatedWorker.plain(1))),
        JobMix.of(AppType.SHORT, CALLS),
        new Load.OpenLoop(256, java.time.Duration.ofSeconds(60), true),
        0.5);
    return new Sweep(base, new Grid(List.of(1, 2, 4, 8, 16), List.of(0.8, 0.95), COUNTING), Axis.BROKERS,
        List.of(Approach.LEAST_CONNECTIONS, Approach.POWER_OF_TWO));
  }

  /**
   * Subsetting: 16 brokers over 64 one-slot workers at 0.8 of capacity, each broker routing to every
   * worker (full mesh) or to a subset of about 16 (each worker shared by about 4 brokers).
   */
  static Sweep aperture() {
    Scenario base = new Scenario("aperture",
        Fmt.num("64 workers with 1 slot shared by 16 brokers, each routing to all of them or to a subset of 16; sizes %s; "
            + "Poisson arrivals at 80%% of capacity, spread over the brokers in turn", CALLS.describe()),
        new Scenario.Fleet(Collections.nCopies(64, SimulatedWorker.plain(1)), 16),
        JobMix.of(AppType.SHORT, CALLS),
        new Load.OpenLoop(512, java.time.Duration.ofSeconds(60), true),
        0.5);
    List<Mode> modes = List.of(new Mode("full-mesh", Map.of("lb.routing.subset-size", 0)),
        new Mode("subset-16", Map.of("lb.routing.subset-size", 16)));
    return new Sweep(base, new Grid(List.of(16), List.of(0.8), modes), Axis.MODE,
        List.of(Approach.LEAST_CONNECTIONS, Approach.POWER_OF_TWO));
  }
}
