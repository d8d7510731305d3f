package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pekkolb.gateway.GatewayHarness.readLine;
import static pekkolb.gateway.GatewayHarness.recv1024;
import static pekkolb.gateway.GatewayHarness.send;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.TestSettings;
import pekkolb.broker.Broker;
import pekkolb.client.LbClient;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;

/** Each timeout's message reaches the client it concerns, end to end, with the shipped timeouts. */
@ExtendWith(LogCapturingExtension.class)
class GatewayTimeoutsTest {
  private GatewayHarness h;

  @AfterEach
  void stop() throws IOException {
    if (h != null) h.close();
  }

  @Test
  void withNoWorkerTheBrokersReasonReachesAGatewayClientAndAnLbClient() throws IOException {
    // The broker reads the real clock for waiting requests: at time-scale 0.01 the shipped 20 s
    // pending timeout passes in 200 ms, while the client's ask (30 s, not scaled) is still running.
    h = new GatewayHarness(Map.of("lb.time-scale", 0.01), false, 0);
    Socket s = h.connect();
    send(s, "AppID:Short");
    TestProbe<Reply> direct = h.testKit.createTestProbe();
    LbClient.submit(h.broker, h.testKit.system().scheduler(), "Short", null, TestSettings.settings().askTimeout())
        .thenAccept(direct.ref()::tell);
    assertEquals("ERROR no worker became available within 20 s", recv1024(s));
    Rejected rejected = assertInstanceOf(Rejected.class, direct.receiveMessage(Duration.ofSeconds(25)));
    assertEquals("no worker became available within 20 s", rejected.reason());
  }

  @Test
  void aLineModeConnectionWaitingOnALongAnswerIsNotToldIdle() throws IOException {
    // Real time: the idle check reads the real clock. A 1 s idle timeout, a Long job of 3 s.
    h = new GatewayHarness(Map.of("lb.gateway.idle-timeout", "1s", "lb.time-scale", 0.6), false, 3);
    Socket s = h.connect();
    send(s, "AppID:Long\n");
    String answer = readLine(s);
    assertTrue(answer.matches("Response from Worker-\\d \\(Long, round_robin, \\d+ ms\\)"), answer);
    // Owed nothing any more, the silent connection is closed for idleness as before.
    assertEquals("ERROR idle timeout: no complete request within 1 s (lb.gateway.idle-timeout)", readLine(s));
  }
}
