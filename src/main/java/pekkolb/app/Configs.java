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

  Config build() {
    Config config = ConfigFactory.parseMap(overrides, "command-line flags").withFallback(ConfigFactory.load()).resolve();
    double scale = config.getDouble("lb.time-scale");
    if (scale < 1.0 && !overrides.containsKey("pekko.scheduler.tick-duration")) {
      // Timers fire on the scheduler's tick (10 ms by default); a scaled-down job needs a finer one.
      long tickMicros = Math.max(1000, Math.round(10_000 * scale));
      config = ConfigFactory.parseMap(Map.of("pekko.scheduler.tick-duration", tickMicros + "us")).withFallback(config);
    }
    return config;
  }
}
