package pekkolb.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/** Turns the results of a simulation into a table for people, JSON for tools, and an SVG chart. */
public final class Report {
  private Report() {}

  /** Percentiles in the table and the JSON, with their column and key names. */
  private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9};
  private static final String[] PERCENTILE_COLUMNS = {"p50", "p90", "p95", "p99", "p99.9"};
  private static final String[] PERCENTILE_KEYS = {"p50", "p90", "p95", "p99", "p999"};

  /** Worker names in pool order: Worker-2 before Worker-10. */
  static final Comparator<String> BY_WORKER_NUMBER = Comparator
      .comparing((String name) -> name.replaceAll("\\d+$", ""))
      .thenComparingLong(name -> {
        String digits = name.replaceAll("^.*?(\\d*)$", "$1");
        return digits.isEmpty() ? -1 : Long.parseLong(digits);
      })
      .thenComparing(Comparator.naturalOrder());

  static List<String> workerNames(List<RunResult> results) {
    TreeSet<String> names = new TreeSet<>(BY_WORKER_NUMBER);
    for (RunResult r : results) names.addAll(r.perWorker().keySet());
    return new ArrayList<>(names);
  }

  /** The results table, then each worker's share of the completed requests. */
  public static String table(List<RunResult> results) {
    StringBuilder sb = new StringBuilder();
    int nameWidth = Math.max("strategy".length(),
        results.stream().mapToInt(r -> r.strategy().wireName().length()).max().orElse(0));
    String nameCol = "%-" + nameWidth + "s";
    sb.append(Fmt.num(nameCol + " %9s %9s %8s %8s  %8s %8s %8s %8s %8s %8s %8s%n", "strategy", "requests", "completed",
        "rejected", "req/s", "mean", PERCENTILE_COLUMNS[0], PERCENTILE_COLUMNS[1], PERCENTILE_COLUMNS[2],
        PERCENTILE_COLUMNS[3], PERCENTILE_COLUMNS[4], "max"));
    for (RunResult r : results) {
      RunResult.Counts c = r.counts();
      sb.append(Fmt.num(nameCol + " %9d %9d %8d %8.1f  %8.1f", r.strategy().wireName(), c.requests(), c.completed(), c.rejected(),
          r.throughput(), r.meanMillis()));
      for (double p : PERCENTILES) sb.append(Fmt.num(" %8.1f", r.percentileMillis(p)));
      sb.append(Fmt.num(" %8.1f%n", r.maxMillis()));
    }
    sb.append(Fmt.num("%" + (nameWidth + 38) + "s%s%n", "", "latency in ms (unscaled), from send to answer"));
    for (RunResult r : results) problems(sb, r.strategy().wireName(), r);
    sb.append(TypeReport.table(results, nameCol));
    sb.append(HedgeReport.table(results, nameCol));

    List<String> workers = workerNames(results);
    if (!workers.isEmpty()) {
      int width = Math.max(6, workers.stream().mapToInt(String::length).max().orElse(0) + 1);
      boolean compact = workers.size() * (width + 1) > 100; // many workers: number the columns instead of naming them
      if (compact) width = 5;
      sb.append(Fmt.num("%nShare of completed requests per worker (%%)%s:%n",
          compact ? ", column N = " + workers.get(0).replaceAll("\\d+$", "") + "N" : ""));
      sb.append(Fmt.num(nameCol, "strategy"));
      for (String w : workers) sb.append(Fmt.num(" %" + width + "s", compact ? w.replaceAll("^.*?(\\d+)$", "$1") : w));
      sb.append(System.lineSeparator());
      for (RunResult r : results) {
        sb.append(Fmt.num(nameCol, r.strategy().wireName()));
        for (String w : workers) {
          long n = r.perWorker().getOrDefault(w, 0L);
          sb.append(Fmt.num(" %" + width + ".1f", r.counts().completed() == 0 ? 0.0 : 100.0 * n / r.counts().completed()));
        }
        sb.append(System.lineSeparator());
      }
    }
    return sb.toString();
  }

  /** A line for each reason requests of {@code r} were rejected, and one for those never answered; {@code label} begins each. */
  static void problems(StringBuilder sb, String label, RunResult r) {
    long unanswered = r.counts().unanswered();
    if (unanswered > 0) sb.append(Fmt.num("%s: %d request(s) never answered%n", label, unanswered));
    r.rejections().forEach((reason, count) -> sb.append(Fmt.num("%s: %d rejected: %s%n", label, count, reason)));
  }

  /** One object per strategy: counts, throughput, latency percentiles in ms and requests per worker. */
  public static String json(List<RunResult> results) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ArrayNode all = mapper.createArrayNode();
    for (RunResult r : results) addTo(all.addObject(), r);
    return write(mapper, all);
  }

  /** One strategy's object: counts, throughput, latency percentiles in ms, requests per worker, by type, hedges. */
  static void addTo(ObjectNode o, RunResult r) {
    o.put("strategy", r.strategy().wireName());
    RunResult.Counts c = r.counts();
    o.put("requests", c.requests());
    o.put("completed", c.completed());
    o.put("rejected", c.rejected());
    o.put("unanswered", c.unanswered());
    o.put("throughput_rps", round(r.throughput()));
    ObjectNode lat = o.putObject("latency_ms");
    lat.put("mean", round(r.meanMillis()));
    for (int i = 0; i < PERCENTILES.length; i++) lat.put(PERCENTILE_KEYS[i], round(r.percentileMillis(PERCENTILES[i])));
    lat.put("max", round(r.maxMillis()));
    ObjectNode per = o.putObject("per_worker");
    List<String> names = new ArrayList<>(r.perWorker().keySet());
    names.sort(BY_WORKER_NUMBER);
    for (String name : names) per.put(name, r.perWorker().get(name));
    TypeReport.addTo(o, r);
    HedgeReport.addTo(o, r);
  }

  static String write(ObjectMapper mapper, ArrayNode all) {
    try {
      return mapper.writeValueAsString(all) + System.lineSeparator();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("could not write the results as JSON", e);
    }
  }

  static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  // ---- chart ---------------------------------------------------------------------------------

  private static final String[] COLORS = {"#d62728", "#1f77b4", "#7f7f7f", "#ff7f0e", "#9467bd", "#2ca02c", "#8c564b", "#e377c2"};

  /**
   * Latency by percentile, one line per strategy, as in Buoyant's published chart: the percentile
   * axis is logarithmic in (100 - p), so 90, 99, 99.9 and 99.99 are evenly spaced, and so is the
   * latency axis, so a 170 ms line and a 2 s line both read clearly.
   */
  public static String svg(String title, String subtitle, List<RunResult> results) {
    final double w = 890, h = 510, left = 84, right = 210, top = 72, bottom = 60;
    double plotW = w - left - right, plotH = h - top - bottom;
    long maxCount = results.stream().mapToLong(r -> r.latencies().all().getTotalCount()).max().orElse(0);
    // The deepest percentile the data can show: with n answers, about 1 - 1/n.
    double xMax = Math.max(1, Math.min(5, Math.log10(Math.max(10, maxCount))));
    double yLo = Double.MAX_VALUE, yHi = 0;
    for (RunResult r : results) {
      if (r.latencies().all().getTotalCount() == 0) continue;
      yLo = Math.min(yLo, Math.max(0.1, r.latencies().all().getMinValue() / 1000.0));
      yHi = Math.max(yHi, r.maxMillis());
    }
    if (yHi == 0) {
      yLo = 1;
      yHi = 10;
    }
    double logLo = Math.floor(Math.log10(yLo) * 4) / 4; // a little margin, in quarter decades
    double logHi = Math.ceil(Math.log10(yHi) * 4) / 4;
    if (logHi - logLo < 0.5) logHi = logLo + 0.5;
    final double lo = logLo, hi = logHi, xm = xMax;
    java.util.function.DoubleUnaryOperator xOf = x -> left + plotW * x / xm;
    java.util.function.DoubleUnaryOperator yOf = ms -> top + plotH * (1 - (Math.log10(ms) - lo) / (hi - lo));

    StringBuilder s = new StringBuilder();
    s.append(Fmt.num("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\" "
        + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h, w, h));
    s.append(Fmt.num("<rect width=\"%.0f\" height=\"%.0f\" fill=\"white\"/>%n", w, h));
    s.append(Fmt.num("<text x=\"%.0f\" y=\"24\" font-size=\"16\" font-weight=\"bold\">%s</text>%n", left, xml(title)));
    // A long subtitle goes on two lines, broken after a "; ".
    int cut = subtitle.length() > 105 ? subtitle.lastIndexOf("; ", 105) : -1;
    List<String> sub = cut > 0 ? List.of(subtitle.substring(0, cut + 1), subtitle.substring(cut + 2)) : List.of(subtitle);
    for (int i = 0; i < sub.size(); i++) {
      s.append(Fmt.num("<text x=\"%.0f\" y=\"%d\" fill=\"#555\">%s</text>%n", left, 42 + 15 * i, xml(sub.get(i))));
    }

    // Latency grid: 1, 2, 5 x 10^k inside the range.
    for (int k = (int) Math.floor(lo); k <= Math.ceil(hi); k++) {
      for (int m : new int[] {1, 2, 5}) {
        double ms = m * Math.pow(10, k);
        double lg = Math.log10(ms);
        if (lg < lo - 1e-9 || lg > hi + 1e-9) continue;
        double y = yOf.applyAsDouble(ms);
        s.append(Fmt.num("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
            left, y, left + plotW, y, m == 1 ? "#ccc" : "#eee"));
        s.append(Fmt.num("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", left - 6, y + 4, tickLabel(ms)));
      }
    }
    // Percentile grid: 0, 90, 99, 99.9, ...
    String[] pLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int x = 0; x <= (int) Math.floor(xMax + 1e-9); x++) {
      double px = xOf.applyAsDouble(x);
      s.append(Fmt.num("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\"/>%n", px, top, px, top + plotH));
      s.append(Fmt.num("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n", px, top + plotH + 18, pLabels[x]));
    }
    s.append(Fmt.num("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#333\"/>%n",
        left, top, plotW, plotH));
    s.append(Fmt.num("<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">percentile</text>%n", left + plotW / 2, h - 14));
    s.append(Fmt.num("<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">latency (ms, log scale)</text>%n",
        top + plotH / 2));

    for (int i = 0; i < results.size(); i++) {
      RunResult r = results.get(i);
      String color = COLORS[r.strategy().ordinal() % COLORS.length]; // a strategy keeps its colour across charts
      if (r.latencies().all().getTotalCount() > 0) {
        StringBuilder points = new StringBuilder();
        int steps = 600;
        String pending = null; // the last point of a flat run, written only when the line bends
        double lastY = Double.NaN;
        for (int k = 0; k <= steps; k++) {
          double x = xMax * k / steps;
          double pct = 100 * (1 - Math.pow(10, -x));
          double ms = Math.max(Math.pow(10, lo), r.percentileMillis(pct));
          double y = yOf.applyAsDouble(ms);
          String point = Fmt.num("%.1f,%.1f ", xOf.applyAsDouble(x), y);
          if (k == 0 || Math.abs(y - lastY) >= 0.05) {
            if (pending != null) points.append(pending);
            points.append(point);
            pending = null;
            lastY = y;
          } else {
            pending = point;
          }
        }
        if (pending != null) points.append(pending);
        s.append(Fmt.num("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", color,
            points.toString().trim()));
      }
      // The legend carries p99 and p99.9, so lines drawn on top of each other still read apart.
      double ly = top + 10 + i * 38;
      double lx = left + plotW + 16;
      s.append(Fmt.num("<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>%n",
          lx, ly, lx + 24, ly, color));
      s.append(Fmt.num("<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", lx + 30, ly + 4, xml(r.strategy().wireName())));
      s.append(Fmt.num("<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#555\">p99 %s, p99.9 %s</text>%n",
          lx + 30, ly + 19, legendMs(r.percentileMillis(99)), legendMs(r.percentileMillis(99.9))));
    }
    s.append("</svg>").append(System.lineSeparator());
    return s.toString();
  }

  private static String legendMs(double ms) {
    return ms >= 1000 ? Fmt.num("%.2f s", ms / 1000) : Fmt.num("%.0f ms", ms);
  }

  private static String tickLabel(double ms) {
    if (ms >= 1000) return Fmt.num("%.0f s", ms / 1000);
    if (ms >= 1) return Fmt.num("%.0f ms", ms);
    return Fmt.num("%.1f ms", ms);
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
