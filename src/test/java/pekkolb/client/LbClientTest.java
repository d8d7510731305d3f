package pekkolb.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.TestSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;

@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class LbClientTest {

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder()
      .withCustomConfig(ManualTime.config().withFallback(TestSettings.config(Map.of())))
      .build();

  private final ManualTime manualTime = ManualTime.get(testKit.system());

  /** Hands the future's result to a probe, so the test waits the testkit's way. */
  private Reply outcome(CompletionStage<Reply> reply) {
    TestProbe<Reply> probe = testKit.createTestProbe();
    reply.thenAccept(probe.ref()::tell);
    return probe.receiveMessage();
  }

  @Test
  void anAnswerIsPassedOn() {
    TestProbe<BrokerMessage> broker = testKit.createTestProbe();
    CompletionStage<Reply> reply =
        LbClient.submit(broker.ref(), testKit.system().scheduler(), "Long", "least_connections", Duration.ofSeconds(30));
    Submit submit = broker.expectMessageClass(Submit.class);
    assertEquals("Long", submit.appType());
    assertEquals("least_connections", submit.approach());
    Response response = new Response(0, "Worker-1", "Long", "least_connections", 5000);
    submit.replyTo().tell(response);
    assertEquals(response, outcome(reply));
  }

  @Test
  void aSilentBrokerIsReportedAsATimeout() {
    TestProbe<BrokerMessage> broker = testKit.createTestProbe();
    CompletionStage<Reply> reply =
        LbClient.submit(broker.ref(), testKit.system().scheduler(), "Short", null, Duration.ofSeconds(30));
    broker.expectMessageClass(Submit.class);
    manualTime.timePasses(Duration.ofSeconds(30));
    Rejected rejected = assertInstanceOf(Rejected.class, outcome(reply));
    assertEquals("timeout: no answer within 30000 ms", rejected.reason());
  }
}
