package pekkolb.app;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the config a command runs with: its flags on top of -D overrides on top of application.conf. */
final class Configs {
  private final Map<String, Object> overrides = new LinkedHashMap<>();

  Configs set(String path, Object value) {
    if (value != null) overrides.put(path, value);
    return this;
  }

  /** Sets {@code path.key} for each entry, e.g. lb.worker.speeds.Worker-1. */
  Configs setAll(String path, Map<String, ?> values) {
    values.forEach((key, value) -> set(path + ".\"" + key + "\"", value));
    return this;
  }

  Config build() {
    return ConfigFactory.parseMap(overrides, "command-line flags").withFallback(ConfigFactory.load()).resolve();
  }

}
