package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.GetStats;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;

/**
 * Shows that a client got no answer beyond those a test read, from state and order rather than by
 * waiting: once the broker holds no request (nothing in flight, nothing waiting), nothing it holds can
 * be answered any more (a worker's late answer is dropped); a bad request sent then is rejected at
 * once, and since a broker's messages to one client keep their order, that rejection must be the next
 * thing the client reads.
 */
public final class NoOtherAnswer {
  private NoOtherAnswer() {}

  public static void check(ActorTestKit testKit, ActorRef<BrokerMessage> broker, TestProbe<Reply> client) {
    TestProbe<Stats> stats = testKit.createTestProbe();
    stats.awaitAssert(Duration.ofSeconds(30), () -> {
      broker.tell(new GetStats(stats.ref()));
      Stats s = stats.receiveMessage();
      assertEquals(0, s.inFlight() + s.waiting(), "the broker still holds requests");
      return null;
    });
    broker.tell(new Submit(-1, "Sentinel", "round_robin", -1, client.ref()));
    Reply next = client.receiveMessage(Duration.ofSeconds(30));
    assertEquals(-1, assertInstanceOf(Rejected.class, next, next::text).requestId(), "an answer beyond those read: " + next.text());
  }
}
