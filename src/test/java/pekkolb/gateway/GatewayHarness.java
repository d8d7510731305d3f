package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.LbSettings;
import pekkolb.TestSettings;
import pekkolb.broker.Broker;
import pekkolb.worker.Worker;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Stats;

/** A gateway on a free port in front of a broker and its workers, and the socket helpers the gateway tests share. */
final class GatewayHarness implements AutoCloseable {
  final ActorTestKit testKit;
  /** Drives job time; null when the harness runs in real time. */
  final ManualTime manualTime;
  final ActorRef<BrokerMessage> broker;
  final Gateway gateway;
  private final List<Socket> sockets = new ArrayList<>();

  /** @param manual job time under ManualTime (else real time) */
  GatewayHarness(Map<String, Object> overrides, boolean manual, int workers) {
    Map<String, Object> all = new HashMap<>(Map.of("lb.gateway.port", 0, "lb.broker.job-deadline-margin", "0s"));
    all.putAll(overrides);
    testKit = manual
        ? ActorTestKit.create(ManualTime.config().withFallback(TestSettings.config(all)))
        : ActorTestKit.create(TestSettings.config(all));
    manualTime = manual ? ManualTime.get(testKit.system()) : null;
    LbSettings settings = TestSettings.settings(all);
    for (int i = 1; i <= workers; i++) testKit.spawn(Worker.create(settings), "Worker-" + i);
    broker = testKit.spawn(Broker.create(settings), "broker");
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(workers, probe.receiveMessage().workers().size());
      return null;
    });
    gateway = Gateway.bind(testKit.system(), broker, settings).toCompletableFuture().join();
  }

  Socket connect() throws IOException {
    Socket s = new Socket("127.0.0.1", gateway.address().getPort());
    s.setSoTimeout(30_000);
    sockets.add(s);
    return s;
  }

  static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    s.getOutputStream().flush();
  }

  /** Exactly what the original client does: one read of at most 1024 bytes. */
  static String recv1024(Socket s) throws IOException {
    byte[] buf = new byte[1024];
    int n = s.getInputStream().read(buf);
    return n < 0 ? "" : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  static String readLine(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new IOException("connection closed after '" + sb + "'");
      sb.append((char) c);
    }
    return sb.toString();
  }

  static boolean closedByServer(Socket s) throws IOException {
    return s.getInputStream().read() == -1;
  }

  /** Waits until the broker holds {@code n} jobs, so that letting time pass finishes them. */
  void awaitInFlight(int n) {
    TestProbe<Stats> probe = testKit.createTestProbe();
    probe.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(probe.ref()));
      assertEquals(n, probe.receiveMessage().inFlight());
      return null;
    });
  }

  @Override
  public void close() throws IOException {
    for (Socket s : sockets) s.close();
    testKit.shutdownTestKit();
  }
}
