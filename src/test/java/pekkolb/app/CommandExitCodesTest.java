package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import pekkolb.TestSettings;

/** What a command's exit code says: 2 for a bad setting, 3 for a client that found no broker, 1 for other failures. */
class CommandExitCodesTest {

  /** Runs a command as with {@code java -Dkey=value -jar ...}: config reads system properties. */
  private static CommandRun withProperty(String key, String value, Supplier<CommandRun> run) {
    System.setProperty(key, value);
    ConfigFactory.invalidateCaches();
    try {
      return run.get();
    } finally {
      System.clearProperty(key);
      ConfigFactory.invalidateCaches();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void aBadSettingStopsTheCommandAtOnceWithOneLine() throws Exception {
    CommandRun run = withProperty("lb.routing.peak-ewma-decay", "0s",
        () -> CommandRun.of("serve", "--port", "0"));
    assertEquals(2, run.exit());
    assertEquals("error: invalid setting lb.routing.peak-ewma-decay = 0s (allowed: a duration > 0, e.g. 500ms or 30s)"
        + System.lineSeparator(), run.err());
    assertEquals("", run.out(), "nothing started");
  }

  @Test
  void aClientThatFindsNoBrokerExits3() throws Exception {
    String nobody = "127.0.0.1:" + freePort();
    CommandRun run = withProperty("lb.cluster.find-broker-timeout", "2s",
        () -> CommandRun.of("client", "Short", "--port", "0", "--seed-nodes", nobody));
    assertEquals(3, run.exit(), run.err());
    assertTrue(run.err().contains("[Client] no broker found in the cluster (seed nodes " + nobody + ") within 2 s"), run.err());
  }

  @Test
  void aClientThatFailsAfterFindingTheBrokerExits1AndSaysWhy() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = ClientCommand.failureExit(CompletableFuture.completedFuture("the broker"),
          new IllegalStateException("the actor system stopped"), List.of("127.0.0.1:2551"), TestSettings.settings());
    } finally {
      System.setErr(err);
    }
    assertEquals(1, exit);
    assertEquals("[Client] failed after finding the broker: the actor system stopped" + System.lineSeparator(),
        captured.toString(StandardCharsets.UTF_8));
  }
}
