package pekkolb.bench;

import java.io.PrintStream;
import java.util.Locale;
import pekkolb.bench.BenchResults.GatewayConnections;
import pekkolb.bench.BenchResults.GatewayRow;
import pekkolb.bench.BenchResults.GatewaySide;

/** Prints part 4 (the gateway against the reference server) as the README shows it. */
final class GatewayTable {
  /** The targets at every size: every connection answered, this much wall time over the reference at most... */
  static final double EXTRA_TARGET_SECONDS = 0.5;
  /** ... and at most this much of the server process's CPU per connection answered. */
  static final double CPU_TARGET_MILLIS = 0.2;

  private GatewayTable() {}

  static void print(GatewayConnections g, PrintStream out) {
    out.printf(Locale.ROOT, "%n4. Gateway: N connections at once, one bare '%s' each (%s s job), from one java.nio client "
        + "in a JVM of its own; serve's gateway (pool, broker + %d workers, windows and max-connections %,d, backlog %,d) "
        + "against a reference server that only waits the job's time (backlog %,d) in a JVM of its own; one node up throughout; %d warm-up "
        + "bursts of %,d per target, then the gateway at each size until the JIT is idle (none of them measured); cpu: the server process's over the burst, idle: what it "
        + "burns idle in as long, cpu/conn: the difference per connection answered%n",
        g.request(), BenchTable.trim(g.jobSeconds()), g.workers(), g.maxConnections(), g.gatewayBacklog(),
        g.referenceBacklog(), g.warmupBursts(), g.rows().stream().mapToInt(GatewayRow::connections).max().orElse(0));
    out.printf(Locale.ROOT, "  %11s  %-9s %10s %8s %9s %8s %7s %9s %6s %10s %7s  %s%n", "connections", "target", "answered",
        "failed", "wall", "cpu", "idle", "cpu/conn", "jit", "overflows", "warmups", "gateway extra over reference");
    for (GatewayRow r : g.rows()) {
      side(out, r, "reference", r.reference(), "");
      side(out, r, "gateway", r.gateway(), String.format(Locale.ROOT, "%+.2f s", r.extraSeconds()));
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
    }
    for (GatewayRow r : g.rows()) {
      GatewaySide gw = r.gateway();
      out.printf(Locale.ROOT, "  target at %,d: all answered (%,d), extra <= %.1f s (%+.2f s), cpu/conn <= %.1f ms "
          + "(%.3f ms): %s%n", r.connections(), gw.answered(), EXTRA_TARGET_SECONDS, r.extraSeconds(), CPU_TARGET_MILLIS,
          gw.cpuMillisPerConnection(), BenchTable.holds(holds(r)));
    }
  }

  static boolean holds(GatewayRow r) {
    GatewaySide gw = r.gateway();
    return gw.answered() == r.connections() && r.extraSeconds() <= EXTRA_TARGET_SECONDS
        && gw.cpuMillisPerConnection() <= CPU_TARGET_MILLIS;
  }

  private static void side(PrintStream out, GatewayRow r, String target, GatewaySide s, String extra) {
    out.printf(Locale.ROOT, "  %,11d  %-9s %,10d %,8d %8.2fs %7.2fs %6.2fs %7.3fms %4dms %10s %7d  %s%n", r.connections(),
        target, s.answered(), s.failed(), s.seconds(), s.cpuSeconds(), s.idleCpuSeconds(), s.cpuMillisPerConnection(),
        s.compileMillis(), s.listenOverflows() < 0 ? "-" : String.format(Locale.ROOT, "%,d", s.listenOverflows()),
        r.steadyWarmups(), extra);
  }
}
