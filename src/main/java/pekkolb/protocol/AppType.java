package pekkolb.protocol;

/** The kinds of job a client can ask for, with their names on the wire ("Long", "Short"). */
public enum AppType implements WireName {
  LONG("Long"),
  SHORT("Short");

  // Parsed on every request: values() would copy the array each time.
  private static final AppType[] ALL = values();

  private final String wireName;

  AppType(String wireName) {
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
  public static AppType parse(String text) {
    return WireName.parse(ALL, text, "app type");
  }
}
