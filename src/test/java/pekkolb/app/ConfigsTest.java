package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pekkolb.LbSettings;
import pekkolb.cluster.ClusterConfig;

/** Which setting wins (flag, -D, a command's preset, application.conf), and whom a node joins. */
class ConfigsTest {
  private static final Config DASH_D = ConfigFactory.parseMap(Map.of("lb.time-scale", 0.5));

  @Test
  void aFlagWinsOverDashD() {
    assertEquals(0.1, new Configs(DASH_D).set("lb.time-scale", 0.1).preset("lb.time-scale", 0.2).build()
        .getDouble("lb.time-scale"));
  }

  @Test
  void dashDWinsOverACommandsPreset() {
    assertEquals(0.5, new Configs(DASH_D).preset("lb.time-scale", 0.2).build().getDouble("lb.time-scale"));
    assertEquals(0.5, new Configs(DASH_D).preset(ConfigFactory.parseMap(Map.of("lb.time-scale", 0.3))).build()
        .getDouble("lb.time-scale"));
  }

  @Test
  void aPresetWinsOverApplicationConf() {
    assertEquals(0.2, new Configs(ConfigFactory.empty()).preset("lb.time-scale", 0.2).build().getDouble("lb.time-scale"));
    assertEquals(1.0, new Configs(ConfigFactory.empty()).build().getDouble("lb.time-scale"));
  }

  @Test
  void theHostFlagMovesEveryListenerUnlessOneIsSetOnItsOwn() {
    LbSettings moved = LbSettings.from(new Configs(ConfigFactory.empty()).set("lb.host", "10.1.2.3").build());
    assertEquals(List.of("10.1.2.3", "10.1.2.3", "10.1.2.3"),
        List.of(moved.cluster().host(), moved.gateway().host(), moved.admin().host()));
    LbSettings adminKept = LbSettings.from(new Configs(ConfigFactory.parseMap(Map.of("lb.admin.host", "127.0.0.1")))
        .set("lb.host", "10.1.2.3").build());
    assertEquals(List.of("10.1.2.3", "10.1.2.3", "127.0.0.1"),
        List.of(adminKept.cluster().host(), adminKept.gateway().host(), adminKept.admin().host()));
    LbSettings none = LbSettings.from(new Configs(ConfigFactory.empty()).build());
    assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"),
        List.of(none.cluster().host(), none.gateway().host(), none.admin().host()));
  }

  @Test
  void everyNodeTheBrokerTooJoinsTheConfiguredSeedNodes() {
    Config config = new Configs(ConfigFactory.parseMap(Map.of("lb.cluster.seed-nodes", List.of("127.0.0.1:2600"))))
        .build();
    LbSettings.Cluster cluster = LbSettings.from(config).cluster();
    ClusterOptions noFlags = new ClusterOptions();
    assertEquals(List.of("127.0.0.1:2600"), noFlags.resolve(ClusterConfig.Role.BROKER, cluster, 2551).seeds());
    assertEquals(List.of("127.0.0.1:2600"), noFlags.resolve(ClusterConfig.Role.WORKER, cluster, 9002).seeds());
  }

  @Test
  void withNoSeedNodesEveryNodeListsTheBrokerAndWorkerPortsAlike() {
    LbSettings.Cluster cluster = LbSettings.from(new Configs(ConfigFactory.empty()).build()).cluster();
    List<String> expected = List.of("127.0.0.1:2551", "127.0.0.1:9002", "127.0.0.1:9003", "127.0.0.1:9004");
    ClusterOptions onItsOwnPort = new ClusterOptions();
    onItsOwnPort.port = 2700; // a second broker: the same list, so a restart of either finds the cluster
    assertEquals(expected, onItsOwnPort.resolve(ClusterConfig.Role.BROKER, cluster, 2551).seeds());
    assertEquals(expected, new ClusterOptions().resolve(ClusterConfig.Role.WORKER, cluster, 9002).seeds());
    assertEquals(expected, new ClusterOptions().resolve(ClusterConfig.Role.CLIENT, cluster, 0).seeds());
    ClusterOptions flags = new ClusterOptions();
    flags.seedNodes = List.of("127.0.0.1:2800");
    assertEquals(List.of("127.0.0.1:2800"), flags.resolve(ClusterConfig.Role.BROKER, cluster, 2551).seeds());
  }
}
