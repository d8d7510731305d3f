package pekkolb.simulation;

import java.util.Locale;

/** Number formatting shared by the descriptions and reports (always '.' as the decimal point). */
final class Fmt {
  private Fmt() {}

  /** 5000 -> "5 s", 167 -> "167 ms", 2.5 -> "2.5 ms". */
  static String ms(double millis) {
    if (millis >= 1000 && millis % 1000 == 0) return (long) (millis / 1000) + " s";
    if (millis == Math.rint(millis)) return (long) millis + " ms";
    return String.format(Locale.ROOT, "%.1f ms", millis);
  }

  /** 1000 -> "1000", 1.6 -> "1.6", 54.63 -> "54.63". */
  static String plain(double v) {
    return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
  }

  static String num(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
