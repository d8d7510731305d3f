package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * serve, broker and worker take every port they need before they start anything: a port in use ends
 * the command at once with exit 2 and one line that names the port and the flag that moves it.
 */
class PortCheckTest {
  private static final String NL = System.lineSeparator();
  private final List<ServerSocket> held = new ArrayList<>();

  /** A port that another process is listening on. */
  private int taken() throws IOException {
    ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
    held.add(s);
    return s.getLocalPort();
  }

  /** A port nobody listens on (held until the command runs, so no other taken() returns it). */
  private int free() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void release() throws IOException {
    for (ServerSocket s : held) s.close();
  }

  private static void assertRefused(CommandRun run, String line) {
    assertEquals(2, run.exit(), run.err());
    assertEquals("error: " + line + NL, run.err(), "one line, no stack trace");
    assertEquals("", run.out(), "nothing started, nothing served");
  }

  @Test
  void serveChecksItsGatewayAndAdminPorts() throws IOException {
    int gateway = taken();
    assertRefused(CommandRun.of("serve", "--port", "" + gateway, "--admin-port", "" + free()),
        "port " + gateway + " on 127.0.0.1 is in use (the text gateway); choose another with --port");
    int admin = taken();
    assertRefused(CommandRun.of("serve", "--port", "" + free(), "--admin-port", "" + admin),
        "port " + admin + " on 127.0.0.1 is in use (the admin endpoint); choose another with --admin-port (0 = off)");
  }

  @Test
  void aBrokerNodeChecksItsClusterGatewayAndAdminPorts() throws IOException {
    int cluster = taken();
    assertRefused(CommandRun.of("broker", "--port", "" + cluster, "--gateway-port", "" + free(), "--admin-port", "" + free()),
        "port " + cluster + " on 127.0.0.1 is in use (the cluster port of this broker node); choose another with --port");
    int gateway = taken();
    assertRefused(CommandRun.of("broker", "--port", "" + free(), "--gateway-port", "" + gateway, "--admin-port", "" + free()),
        "port " + gateway + " on 127.0.0.1 is in use (the text gateway); choose another with --gateway-port (or --no-gateway)");
    int admin = taken();
    assertRefused(CommandRun.of("broker", "--port", "" + free(), "--gateway-port", "" + free(), "--admin-port", "" + admin),
        "port " + admin + " on 127.0.0.1 is in use (the admin endpoint); choose another with --admin-port (0 = off)");
  }

  @Test
  void aWorkerNodeChecksItsClusterPort() throws IOException {
    int cluster = taken();
    assertRefused(CommandRun.of("worker", "1", "--port", "" + cluster),
        "port " + cluster + " on 127.0.0.1 is in use (the cluster port of this worker node); choose another with --port");
  }

  @Test
  void anAddressThatIsNotThisMachinesIsNamedWithTheFlagsThatChangeIt() throws IOException {
    // 192.0.2.1 (TEST-NET-1) is on no interface here: nothing is sent to it, the bind alone fails.
    int port = free();
    CommandRun run = CommandRun.of("serve", "--host", "192.0.2.1", "--port", "" + port, "--admin-port", "0");
    assertEquals(2, run.exit(), run.err());
    assertEquals("error: cannot listen on 192.0.2.1:" + port + " (the text gateway): Cannot assign requested address; "
        + "change it with --port or the address with --host" + NL, run.err());
  }
}
