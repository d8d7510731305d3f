package pekkolb;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.Map;

/** Settings for tests: application.conf with a few keys overridden, dispatch logging off. */
public final class TestSettings {
  private TestSettings() {}

  public static Config config(Map<String, Object> overrides) {
    return ConfigFactory.parseMap(overrides)
        .withFallback(ConfigFactory.parseMap(Map.of("lb.broker.log-jobs", "off")))
        .withFallback(ConfigFactory.load())
        .resolve();
  }

  public static LbSettings settings(Map<String, Object> overrides) {
    return LbSettings.from(config(overrides));
  }

  public static LbSettings settings() {
    return settings(Map.of());
  }
}
