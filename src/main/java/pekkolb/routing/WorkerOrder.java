package pekkolb.routing;

import java.util.Comparator;

/**
 * The stable order of workers everywhere (routing, stats, tables): by name with numbers compared as
 * numbers, so Worker-2 comes before Worker-10 and Worker-3.2 before Worker-3.10.
 */
public final class WorkerOrder {
  private WorkerOrder() {}

  public static final Comparator<String> NAMES = WorkerOrder::compareNames;

  public static final Comparator<WorkerLoad> WORKERS = Comparator.comparing(WorkerLoad::name, NAMES);

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
