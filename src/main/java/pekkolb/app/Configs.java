package pekkolb.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the config a command runs with. Which wins, first to last: the command's flags, -D system
 * properties, the command's built-in defaults (presets, e.g. simulate's time scale), application.conf.
 */
final class Configs {
  private final Map<String, Object> flags = new LinkedHashMap<>();
  private final Map<String, Object> presets = new LinkedHashMap<>();
  private Config presetSection = ConfigFactory.empty();
  private final Config systemProperties;

  Configs() {
    this(ConfigFactory.systemProperties());
  }

  /** @param systemProperties the -D layer (tests pass their own instead of the JVM's) */
  Configs(Config systemProperties) {
    this.systemProperties = systemProperties;
  }

  /** A flag given on the command line; null (not given) leaves the setting alone. */
  Configs set(String path, Object value) {
    if (value != null) flags.put(path, value);
    return this;
  }

  /** A command's own default for a setting: a -D override of the same key wins over it. */
  Configs preset(String path, Object value) {
    presets.put(path, value);
    return this;
  }

  /** A whole section of presets, e.g. the bench's dispatcher settings. */
  Configs preset(Config section) {
    presetSection = section.withFallback(presetSection);
    return this;
  }

  /** Sets {@code path.key} for each entry, e.g. lb.worker.speeds.Worker-1. */
  Configs setAll(String path, Map<String, ?> values) {
    values.forEach((key, value) -> set(path + ".\"" + key + "\"", value));
    return this;
  }

  Config build() {
    return ConfigFactory.parseMap(flags, "command-line flags")
        .withFallback(systemProperties)
        .withFallback(ConfigFactory.parseMap(presets, "the command's defaults"))
        .withFallback(presetSection)
        // Unresolved until every layer is in, so that a flag reaches the settings that refer to it
        // (lb.gateway.host = ${lb.host} follows --host). This is what ConfigFactory.load() reads.
        .withFallback(ConfigFactory.defaultApplication())
        .withFallback(ConfigFactory.defaultReference())
        .resolve();
  }
}
