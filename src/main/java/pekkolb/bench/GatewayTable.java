package pekkolb.bench;

import java.io.PrintStream;
import java.util.Locale;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.GatewayRow;
import pekkolb.bench.BenchResults.GatewaySide;

/** Prints part 4 (the gateway against the reference server) as the README shows it. */
final class GatewayTable {
  /** Issue 12's targets: the gateway's extra wall time at 1,000 connections, and 10,000 all answered. */
  static final double EXTRA_TARGET_SECONDS = 0.3;

  private GatewayTable() {}

  static void print(GatewayConnections g, PrintStream out) {
    out.printf(Locale.ROOT, "%n4. Gateway: N connections at once, one bare '%s' each (%s s job), from one java.nio client "
        + "in a JVM of its own; serve's gateway (broker + %d workers, max-connections %,d, backlog %d) against a reference "
        + "server that only waits the job's time (backlog %d); %d warm-up bursts of %,d 50 ms jobs per target%n",
        g.request(), BenchTable.trim(g.jobSeconds()), g.workers(), g.maxConnections(), GatewayBench.GATEWAY_BACKLOG,
        g.referenceBacklog(), g.warmupBursts(), Math.min(GatewayBench.WARMUP_SIZE,
            g.rows().stream().mapToInt(GatewayRow::connections).max().orElse(0)));
    out.printf(Locale.ROOT, "  %11s  %-9s %10s %8s %9s %8s %10s  %s%n", "connections", "target", "answered", "failed",
        "wall", "cpu", "overflows", "gateway extra over reference");
    for (GatewayRow r : g.rows()) {
      side(out, r.connections(), "reference", r.reference(), "");
      side(out, r.connections(), "gateway", r.gateway(), String.format(Locale.ROOT, "%+.2f s", r.extraSeconds()));
    }
    for (GatewayRow r : g.rows()) {
      // The server's end of every connection lives in this JVM, beside its own few hundred descriptors.
      if (g.maxOpenFiles() > 0 && r.connections() + 200 > g.maxOpenFiles()) {
        out.printf(Locale.ROOT, "  note: %,d connections need about as many file descriptors in each JVM (client and "
            + "server), the limit is %,d (ulimit -n)%n", r.connections(), g.maxOpenFiles());
      }
      for (GatewaySide s : new GatewaySide[] {r.reference(), r.gateway()}) {
        if (s.firstError() != null) {
          out.printf(Locale.ROOT, "  %,d: %s; first failure: %s%n", r.connections(),
              s == r.reference() ? "reference" : "gateway", s.firstError());
        }
      }
      if (r.connections() == 1_000) {
        out.printf(Locale.ROOT, "  target at 1,000: gateway extra over reference <= %.1f s (%.2f s, %s)%n",
            EXTRA_TARGET_SECONDS, r.extraSeconds(), BenchTable.holds(r.extraSeconds() <= EXTRA_TARGET_SECONDS));
      }
      if (r.connections() == 10_000) {
        out.printf(Locale.ROOT, "  target at 10,000: all answered by the gateway (%,d of 10,000, %s)%n",
            r.gateway().answered(), BenchTable.holds(r.gateway().answered() == r.connections()));
      }
    }
  }

  private static void side(PrintStream out, int n, String target, GatewaySide s, String extra) {
    out.printf(Locale.ROOT, "  %,11d  %-9s %,10d %,8d %8.2fs %7.2fs %10s  %s%n", n, target, s.answered(), s.failed(),
        s.seconds(), s.cpuSeconds(), s.listenOverflows() < 0 ? "-" : String.format(Locale.ROOT, "%,d", s.listenOverflows()),
        extra);
  }
}
