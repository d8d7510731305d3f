package pekkolb.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import pekkolb.protocol.AppType;

/**
 * The part of the report that tells job kinds apart: p50 and p99 per app type (when the workload
 * has more than one) and the mean slowdown, in the table and in the JSON.
 */
final class TypeReport {
  private TypeReport() {}

  /** The app types any result saw, Short before Long, as people read them. */
  static List<AppType> types(List<RunResult> results) {
    TreeSet<AppType> seen = new TreeSet<>(Comparator.reverseOrder());
    for (RunResult r : results) seen.addAll(r.latencies().byType().keySet());
    return new ArrayList<>(seen);
  }

  /** "Short p50, Short p99, Long p50, Long p99" (only when the workload had two types or more), and the slowdown. */
  static String table(List<RunResult> results, String nameCol) {
    List<AppType> types = types(results);
    if (types.size() < 2) types = List.of();
    StringBuilder sb = new StringBuilder();
    sb.append(Fmt.num("%n%s (answer time / job time)%s:%n", "Mean slowdown",
        types.isEmpty() ? "" : ", and latency by app type in ms"));
    sb.append(Fmt.num(nameCol, "strategy"));
    for (AppType t : types) {
      sb.append(Fmt.num(" %10s %10s", t.wireName() + " p50", t.wireName() + " p99"));
    }
    sb.append(Fmt.num(" %9s%n", "slowdown"));
    for (RunResult r : results) {
      sb.append(Fmt.num(nameCol, r.strategy().wireName()));
      for (AppType t : types) sb.append(Fmt.num(" %10.1f %10.1f", r.percentileMillis(t, 50), r.percentileMillis(t, 99)));
      sb.append(Fmt.num(" %9.2f%n", r.latencies().meanSlowdown()));
    }
    return sb.toString();
  }

  /** Adds {@code latency_ms_by_type} {type: {p50, p99}} and {@code mean_slowdown} to one strategy's object. */
  static void addTo(ObjectNode o, RunResult r) {
    ObjectNode byType = o.putObject("latency_ms_by_type");
    for (AppType t : r.latencies().byType().keySet()) {
      ObjectNode one = byType.putObject(t.wireName());
      one.put("p50", Report.round(r.percentileMillis(t, 50)));
      one.put("p99", Report.round(r.percentileMillis(t, 99)));
    }
    o.put("mean_slowdown", Math.round(r.latencies().meanSlowdown() * 100) / 100.0);
  }
}
