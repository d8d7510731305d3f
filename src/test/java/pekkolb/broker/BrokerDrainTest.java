package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.BrokerDrained;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.DrainBroker;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Submit;
import pekkolb.worker.Worker;

/**
 * A broker's graceful stop (issue 11.5): it leaves the listing, hands back new requests, answers
 * what it holds, and hands back whatever is left when its time is up. ManualTime throughout.
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerDrainTest {
  private final TestBroker lb = new TestBroker(Map.of("lb.worker.window", 1));
  private final TestProbe<Reply> client = lb.testKit.createTestProbe();
  private final TestProbe<BrokerDrained> drained = lb.testKit.createTestProbe();

  @AfterEach
  void shutdown() {
    lb.close();
  }

  private boolean listed(ActorRef<BrokerMessage> broker) {
    TestProbe<Receptionist.Listing> probe = lb.testKit.createTestProbe();
    lb.testKit.system().receptionist().tell(Receptionist.find(ServiceKeys.BROKER, probe.ref()));
    return probe.receiveMessage().getServiceInstances(ServiceKeys.BROKER).contains(broker);
  }

  @Test
  void aDrainingBrokerLeavesTheListingHandsBackNewRequestsAndFinishesWhatItHolds() {
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    assertTrue(listed(broker));
    broker.tell(new Submit(1, "Long", "round_robin", -1, client.ref())); // on the worker (window 1)
    broker.tell(new Submit(2, "Short", "round_robin", -1, client.ref())); // waiting in the broker
    broker.tell(new DrainBroker(Duration.ofSeconds(30), drained.ref()));
    broker.tell(new Submit(3, "Short", "round_robin", -1, client.ref()));
    HandBack h = assertInstanceOf(HandBack.class, client.receiveMessage());
    assertEquals(3, h.requestId());
    assertEquals("broker broker is stopping", h.reason());
    lb.testKit.createTestProbe().awaitAssert(() -> {
      assertFalse(listed(broker));
      return null;
    });

    lb.time.timePasses(Duration.ofSeconds(5));
    assertEquals(1, assertInstanceOf(Response.class, client.receiveMessage()).requestId());
    assertEquals(1, lb.stats().inFlight() + lb.stats().waiting(), "request 2 is still held: the drain is not over");
    lb.time.timePasses(Duration.ofSeconds(1));
    assertEquals(2, assertInstanceOf(Response.class, client.receiveMessage()).requestId());
    lb.time.timePasses(Duration.ofMillis(500)); // the next sweep at the latest
    assertEquals(new BrokerDrained("broker", 2, 0), drained.receiveMessage());
  }

  @Test
  void atTheEndOfItsTimeADrainingBrokerHandsBackWhatItStillHolds() {
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    broker.tell(new Submit(1, "Long", "round_robin", -1, client.ref()));
    broker.tell(new Submit(2, "Long", "round_robin", -1, client.ref()));
    broker.tell(new DrainBroker(Duration.ofSeconds(2), drained.ref()));
    lb.time.timePasses(Duration.ofSeconds(2));
    for (int i = 0; i < 2; i++) assertInstanceOf(HandBack.class, client.receiveMessage());
    assertEquals(new BrokerDrained("broker", 0, 2), drained.receiveMessage());
    assertEquals(0, lb.stats().inFlight() + lb.stats().waiting());
    lb.time.timePasses(Duration.ofSeconds(5)); // the worker's answer to job 1 comes late, and is dropped
    // A request now is handed back at once; its hand-back is the next thing the client reads: nothing came between.
    broker.tell(new Submit(-1, "Short", "round_robin", -1, client.ref()));
    assertEquals(-1, assertInstanceOf(HandBack.class, client.receiveMessage()).requestId());
    TestProbe<BrokerDrained> again = lb.testKit.createTestProbe();
    broker.tell(new DrainBroker(Duration.ofSeconds(2), again.ref()));
    assertEquals(new BrokerDrained("broker", 0, 2), again.receiveMessage());
  }

  @Test
  void aBrokerHoldingNothingIsDrainedAtOnce() {
    lb.testKit.spawn(Worker.create(lb.settings), "Worker-1");
    ActorRef<BrokerMessage> broker = lb.start(1);
    broker.tell(new DrainBroker(Duration.ofSeconds(30), drained.ref()));
    assertEquals(new BrokerDrained("broker", 0, 0), drained.receiveMessage());
  }
}
