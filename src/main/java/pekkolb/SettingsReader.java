package pekkolb;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Reads one block of settings and checks each value as it is read, so a bad setting stops the
 * command at start with its key, its value and what is allowed, instead of failing later in an actor.
 */
final class SettingsReader {

  private final Config config;
  private final String prefix;

  /** @param prefix the block's path, e.g. "lb.gateway", for the messages */
  SettingsReader(Config config, String prefix) {
    this.config = config;
    this.prefix = prefix;
  }

  SettingsReader block(String path) {
    return new SettingsReader(config.getConfig(path), prefix + "." + path);
  }

  String key(String path) {
    return prefix + "." + path;
  }

  /** The value as the user wrote it: 0s, not "0s". */
  String raw(String path) {
    ConfigValue v = config.getValue(path);
    return v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST
        ? v.render(ConfigRenderOptions.concise()) : String.valueOf(v.unwrapped());
  }

  InvalidSetting invalid(String path, String allowed) {
    return new InvalidSetting(key(path), raw(path), allowed);
  }

  String string(String path) {
    String s = read(path, "a text", config::getString);
    if (s.isBlank()) throw invalid(path, "a non-empty text");
    return s;
  }

  List<String> strings(String path) {
    return read(path, "a list of texts", config::getStringList);
  }

  boolean bool(String path) {
    return read(path, "on or off", config::getBoolean);
  }

  int intBetween(String path, int min, int max) {
    int v = read(path, "a whole number " + min + " .. " + max, config::getInt);
    if (v < min || v > max) throw invalid(path, "a whole number " + min + " .. " + max);
    return v;
  }

  int intAtLeast(String path, int min) {
    int v = read(path, "a whole number >= " + min, config::getInt);
    if (v < min) throw invalid(path, "a whole number >= " + min);
    return v;
  }

  /** A whole number >= min, or the text {@code auto} for what {@code auto} computes. */
  int intAtLeastOrAuto(String path, int min, java.util.function.IntSupplier auto) {
    String allowed = "auto or a whole number >= " + min;
    if (config.hasPath(path) && config.getValue(path).valueType() == ConfigValueType.STRING
        && config.getString(path).equals("auto")) {
      return auto.getAsInt();
    }
    int v = read(path, allowed, config::getInt);
    if (v < min) throw invalid(path, allowed);
    return v;
  }

  double positiveDouble(String path) {
    double v = read(path, "a number > 0", config::getDouble);
    if (!(v > 0) || Double.isInfinite(v)) throw invalid(path, "a number > 0");
    return v;
  }

  Duration positiveDuration(String path) {
    Duration d = read(path, "a duration > 0, e.g. 500ms or 30s", config::getDuration);
    if (d.isZero() || d.isNegative()) throw invalid(path, "a duration > 0, e.g. 500ms or 30s");
    return d;
  }

  Duration durationAtLeastZero(String path) {
    Duration d = read(path, "a duration >= 0, e.g. 0s or 5s", config::getDuration);
    if (d.isNegative()) throw invalid(path, "a duration >= 0, e.g. 0s or 5s");
    return d;
  }

  /** Parses a text setting with {@code parse}, which throws IllegalArgumentException on a bad value. */
  <T> T parsed(String path, String allowed, Function<String, T> parse) {
    String s = string(path);
    try {
      return parse.apply(s);
    } catch (IllegalArgumentException e) {
      throw invalid(path, allowed);
    }
  }

  private <T> T read(String path, String allowed, Function<String, T> getter) {
    try {
      return getter.apply(path);
    } catch (ConfigException.Missing e) {
      throw new InvalidSetting(key(path), "(missing)", allowed);
    } catch (ConfigException.WrongType | ConfigException.BadValue e) {
      throw invalid(path, allowed);
    }
  }
}
