package pekkolb.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * An enum constant with the name clients use for it on the wire. The one parse for every such enum,
 * so each error reads the same and never echoes raw client text.
 */
public interface WireName {
  String wireName();

  /** Longest piece of client text quoted back in an error. */
  int MAX_ECHO = 64;

  static String allowed(WireName[] all) {
    return Arrays.stream(all).map(WireName::wireName).collect(Collectors.joining(", "));
  }

  /**
   * Finds the constant named {@code text}, case-sensitively as the original protocol did.
   *
   * @param what names the kind of value in the error ("app type", "approach")
   * @throws IllegalArgumentException naming the bad value (made printable) and the allowed ones
   */
  static <E extends WireName> E parse(E[] all, String text, String what) {
    if (text == null) throw new IllegalArgumentException("missing " + what + " (allowed: " + allowed(all) + ")");
    for (E e : all) {
      if (e.wireName().equals(text)) return e;
    }
    throw new IllegalArgumentException("unknown " + what + " '" + printable(text) + "' (allowed: " + allowed(all) + ")");
  }

  /** Shows client text safely in one line: control characters escaped, long text cut. */
  static String printable(String text) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < text.length() && sb.length() < MAX_ECHO; i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) sb.append(String.format("\\x%02x", (int) c));
      else sb.append(c);
    }
    if (sb.length() >= MAX_ECHO) sb.append("...");
    return sb.toString();
  }
}
