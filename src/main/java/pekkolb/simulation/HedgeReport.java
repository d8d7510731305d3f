package pekkolb.simulation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import pekkolb.protocol.Approach;

/**
 * The hedges of a run: second copies the brokers sent, and how many of them answered before their
 * first. A line per strategy that hedges, under the table; in the JSON for every strategy.
 */
final class HedgeReport {
  private HedgeReport() {}

  static boolean hedges(RunResult r) {
    return r.strategy() == Approach.HEDGED_LEAST_CONNECTIONS || r.brokers().hedged() > 0;
  }

  /** Empty when no strategy of the run hedges. */
  static String table(List<RunResult> results, String nameCol) {
    if (results.stream().noneMatch(HedgeReport::hedges)) return "";
    StringBuilder sb = new StringBuilder();
    sb.append(Fmt.num("%nHedges (a second copy on another worker; the first answer wins):%n"));
    sb.append(Fmt.num(nameCol + " %9s %10s %9s%n", "strategy", "hedged", "% of reqs", "copy won"));
    for (RunResult r : results) {
      if (!hedges(r)) continue;
      RunResult.BrokerTally t = r.brokers();
      double share = r.counts().requests() == 0 ? 0 : 100.0 * t.hedged() / r.counts().requests();
      sb.append(Fmt.num(nameCol + " %9d %10.2f %9d%n", r.strategy().wireName(), t.hedged(), share, t.hedgesWon()));
    }
    return sb.toString();
  }

  /** Adds {@code hedges} {sent, copies_won} to one strategy's object (zeros for a strategy that does not hedge). */
  static void addTo(ObjectNode o, RunResult r) {
    ObjectNode h = o.putObject("hedges");
    h.put("sent", r.brokers().hedged());
    h.put("copies_won", r.brokers().hedgesWon());
  }
}
