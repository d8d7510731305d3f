package pekkolb.worker;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The kinds of job a client can ask for, with their names on the wire ("Long", "Short"). */
public enum AppType {
  LONG("Long"),
  SHORT("Short");

  private final String wireName;

  AppType(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static String allowed() {
    return Arrays.stream(values()).map(AppType::wireName).collect(Collectors.joining(", "));
  }

  /**
   * Parses a wire name, case-sensitively as the original did.
   *
   * @throws IllegalArgumentException naming the bad value and the allowed ones
   */
  public static AppType parse(String text) {
    if (text == null) throw new IllegalArgumentException("missing app type (allowed: " + allowed() + ")");
    switch (text) {
      case "Long":
        return LONG;
      case "Short":
        return SHORT;
      default:
        throw new IllegalArgumentException(
            "unknown app type '" + text + "' (allowed: " + allowed() + ")");
    }
  }
}
