package pekkolb.protocol;

import java.util.Locale;

/**
 * The balancing approaches a request can name; on the wire, in lower case ("least_connections").
 * {@code queue} is a broker mode rather than a pick: the broker holds the request until a worker
 * has a free slot (late binding).
 */
public enum Approach implements WireName {
  ROUND_ROBIN,
  LEAST_CONNECTIONS,
  RANDOM,
  POWER_OF_TWO,
  WEIGHTED_ROUND_ROBIN,
  PEAK_EWMA,
  LEAST_WORK,
  QUEUE,
  PREQUAL,
  HEDGED_LEAST_CONNECTIONS,
  REPORTED_WEIGHTED_ROUND_ROBIN;

  private final String wireName = name().toLowerCase(Locale.ROOT);

  @Override
  public String wireName() {
    return wireName;
  }

  private static final Approach[] ALL = values(); // parsed per request: values() copies

  /** "round_robin, least_connections, ...": for errors and help texts. */
  public static String allowed() {
    return WireName.allowed(ALL);
  }

  /** @throws IllegalArgumentException naming the bad value and the allowed ones */
  public static Approach parse(String text) {
    return WireName.parse(ALL, text, "approach");
  }
}
