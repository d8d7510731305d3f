package pekkolb.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The results of a sweep: a row per cell and strategy, with p50, p99 and p99.9 and each against its
 * reference cell's ({@link Sweep#reference}), in a table for people and as JSON rows.
 */
public final class SweepReport {
  private SweepReport() {}

  /** One cell's result for one strategy. */
  public record Row(Sweep.Cell cell, RunResult result) {}

  private static final double[] PERCENTILES = {50, 99, 99.9};
  private static final String[] KEYS = {"p50", "p99", "p999"};

  /** The row {@code row} is compared with, or null if that cell did not run. */
  static Row reference(Sweep sweep, List<Row> rows, Row row) {
    Sweep.Cell ref = sweep.reference(row.cell());
    for (Row r : rows) {
      if (r.cell().equals(ref) && r.result().strategy() == row.result().strategy()) return r;
    }
    return null;
  }

  /** {@code row}'s latency at a percentile over its reference's; NaN without a reference. */
  static double ratio(Row row, Row ref, double percentile) {
    if (ref == null) return Double.NaN;
    double base = ref.result().percentileMillis(percentile);
    return base == 0 ? Double.NaN : row.result().percentileMillis(percentile) / base;
  }

  static String against(Sweep sweep) {
    return sweep.compare() == Sweep.Axis.BROKERS ? "K = " + sweep.grid().brokers().get(0)
        : "mode " + sweep.grid().modes().get(0).name();
  }

  public static String table(Sweep sweep, List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    int modeWidth = Math.max(4, sweep.modeNames().stream().mapToInt(String::length).max().orElse(0));
    int nameWidth = Math.max(8, rows.stream().mapToInt(r -> r.result().strategy().wireName().length()).max().orElse(0));
    String head = "%5s  %-" + modeWidth + "s  %-" + nameWidth + "s %7s %9s %8s  %8s %8s %8s  %6s %6s %6s  %7s%n";
    sb.append(Fmt.num(head, "load", "mode", "strategy", "brokers", "completed", "req/s", "p50", "p99", "p99.9",
        "p50 x", "p99 x", "p99.9 x", "fan-in"));
    String line = "%5s  %-" + modeWidth + "s  %-" + nameWidth + "s %7d %9d %8.1f  %8.1f %8.1f %8.1f  %6s %6s %6s  %7s%n";
    for (Row row : rows) {
      RunResult r = row.result();
      Row ref = reference(sweep, rows, row);
      Object[] args = new Object[13];
      args[0] = Double.isNaN(row.cell().load()) ? "-" : Fmt.num("%.0f%%", 100 * row.cell().load());
      args[1] = row.cell().mode().name();
      args[2] = r.strategy().wireName();
      args[3] = row.cell().brokers();
      args[4] = r.counts().completed();
      args[5] = r.throughput();
      for (int i = 0; i < 3; i++) {
        args[6 + i] = r.percentileMillis(PERCENTILES[i]);
        double x = ratio(row, ref, PERCENTILES[i]);
        args[9 + i] = Double.isNaN(x) ? "-" : Fmt.num("%.2f", x);
      }
      args[12] = r.brokers().maxFanIn() == 0 ? "-" : Fmt.num("%d/%.1f", r.brokers().maxFanIn(), r.brokers().meanFanIn());
      sb.append(Fmt.num(line, args));
    }
    sb.append(Fmt.num("latency in ms (unscaled), from send to answer; x = against %s (same load, mode and strategy); "
        + "fan-in = brokers routing to a worker at the end, most/mean%n", against(sweep)));
    for (Row row : rows) problems(sb, row);
    return sb.toString();
  }

  private static void problems(StringBuilder sb, Row row) {
    String label = Fmt.num("%s K=%d %s", row.cell().mode().name(), row.cell().brokers(), row.result().strategy().wireName());
    if (!Double.isNaN(row.cell().load())) label = Fmt.num("%.0f%% %s", 100 * row.cell().load(), label);
    Report.problems(sb, label.trim(), row.result());
  }

  /**
   * One object per row: what {@link Report#json} writes for a strategy, and {@code brokers}, {@code
   * load} (share of capacity, null for the scenario's own), {@code mode} and its {@code settings},
   * {@code fan_in} {max, mean}, and {@code ratio} {p50, p99, p999} against the reference (null without one).
   */
  public static String json(Sweep sweep, List<Row> rows) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode all = mapper.createArrayNode();
    for (Row row : rows) {
      ObjectNode o = all.addObject();
      Sweep.Cell cell = row.cell();
      o.put("scenario", sweep.name());
      o.put("brokers", cell.brokers());
      if (Double.isNaN(cell.load())) o.putNull("load");
      else o.put("load", cell.load());
      o.put("mode", cell.mode().name());
      ObjectNode settings = o.putObject("settings");
      cell.mode().settings().forEach((k, v) -> settings.put(k, String.valueOf(v)));
      Report.addTo(o, row.result());
      ObjectNode fanIn = o.putObject("fan_in");
      fanIn.put("max", row.result().brokers().maxFanIn());
      fanIn.put("mean", Report.round(row.result().brokers().meanFanIn()));
      Row ref = reference(sweep, rows, row);
      ObjectNode ratio = o.putObject("ratio");
      ratio.put("against", against(sweep));
      for (int i = 0; i < 3; i++) {
        double x = ratio(row, ref, PERCENTILES[i]);
        if (Double.isNaN(x)) ratio.putNull(KEYS[i]);
        else ratio.put(KEYS[i], Math.round(x * 1000) / 1000.0);
      }
    }
    return Report.write(mapper, all);
  }
}
