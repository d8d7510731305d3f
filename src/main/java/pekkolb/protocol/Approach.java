package pekkolb.protocol;

/** The balancing approaches a request can name, with their names on the wire. */
public enum Approach implements WireName {
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

  @Override
  public String wireName() {
    return wireName;
  }

  public static String allowed() {
    return WireName.allowed(ALL);
  }

  /** @throws IllegalArgumentException naming the bad value and the allowed ones */
  public static Approach parse(String text) {
    return WireName.parse(ALL, text, "approach");
  }
}
