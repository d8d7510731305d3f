package pekkolb.routing;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The balancing approaches a request can name, with their names on the wire. */
public enum Approach {
  ROUND_ROBIN("round_robin"),
  LEAST_CONNECTIONS("least_connections"),
  RANDOM("random"),
  POWER_OF_TWO("power_of_two"),
  WEIGHTED_ROUND_ROBIN("weighted_round_robin"),
  PEAK_EWMA("peak_ewma");

  // Parsed on every request: values() would copy the array each time.
  private static final Approach[] ALL = values();

  private final String wireName;

  Approach(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static String allowed() {
    return Arrays.stream(values()).map(Approach::wireName).collect(Collectors.joining(", "));
  }

  /**
   * Parses a wire name such as {@code least_connections}.
   *
   * @throws IllegalArgumentException naming the bad value and the allowed ones
   */
  public static Approach parse(String text) {
    if (text == null) throw new IllegalArgumentException("missing approach (allowed: " + allowed() + ")");
    for (Approach a : ALL) {
      if (a.wireName.equals(text)) return a;
    }
    throw new IllegalArgumentException("unknown approach '" + text + "' (allowed: " + allowed() + ")");
  }
}
