package pekkolb.router;

import java.util.Comparator;

/**
 * The stable order of routees everywhere (picks, stats): by name with numbers compared as numbers, so
 * worker-2 comes before worker-10 and worker-3.2 before worker-3.10; equal names (one per node) by path.
 */
public final class RouteeOrder {
  private RouteeOrder() {}

  /** Names, numbers in them compared by value. */
  public static final Comparator<String> NAMES = RouteeOrder::compareNames;

  /** Routees, by {@link #NAMES} and then by full path. */
  public static final Comparator<RouteeLoad> ROUTEES =
      Comparator.<RouteeLoad, String>comparing(RouteeLoad::name, NAMES).thenComparing(r -> r.ref().path().toString());

  static int compareNames(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      char ca = a.charAt(i);
      char cb = b.charAt(j);
      if (Character.isDigit(ca) && Character.isDigit(cb)) {
        int endA = digitsEnd(a, i);
        int endB = digitsEnd(b, j);
        int byValue = compareDigits(a.substring(i, endA), b.substring(j, endB));
        if (byValue != 0) return byValue;
        i = endA;
        j = endB;
      } else {
        if (ca != cb) return Character.compare(ca, cb);
        i++;
        j++;
      }
    }
    int byRest = Integer.compare(a.length() - i, b.length() - j);
    return byRest != 0 ? byRest : a.compareTo(b);
  }

  private static int digitsEnd(String s, int from) {
    int k = from;
    while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
    return k;
  }

  /** Compares two runs of digits by value, without overflow however long they are. */
  private static int compareDigits(String x, String y) {
    String a = x.replaceFirst("^0+(?=.)", "");
    String b = y.replaceFirst("^0+(?=.)", "");
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }
}
