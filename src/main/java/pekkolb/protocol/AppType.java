package pekkolb.protocol;

/** The kinds of job a client can ask for, with the names the original protocol gave them. */
public enum AppType implements WireName {
  LONG("Long"),
  SHORT("Short");

  private static final AppType[] ALL = values(); // parsed per request: values() copies

  /** @throws IllegalArgumentException naming the bad value and the allowed ones */
  public static AppType parse(String text) {
    return WireName.parse(ALL, text, "app type");
  }

  private final String wireName;

  AppType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }
}
