package pekkolb;

/** A setting whose value is not allowed; its message is the one line a user sees (key, value, what is allowed). */
public final class InvalidSetting extends IllegalArgumentException {
  InvalidSetting(String key, String value, String allowed) {
    super("invalid setting " + key + " = " + value + " (allowed: " + allowed + ")");
  }
}
