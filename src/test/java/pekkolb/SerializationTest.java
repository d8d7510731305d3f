package pekkolb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.apache.pekko.actor.testkit.typed.annotations.JUnit5TestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.JUnit5TestKitBuilder;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestKitJUnit5Extension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.jackson.JacksonCborSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.AppType;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.Job;
import pekkolb.protocol.JobBatch;
import pekkolb.protocol.JobDone;
import pekkolb.protocol.JobsDone;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;
import pekkolb.protocol.WorkerBye;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerReport;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerUsage;
import pekkolb.worker.Worker;

/** Every message that crosses JVMs in cluster mode survives a round trip through Jackson CBOR. */
@ExtendWith(TestKitJUnit5Extension.class)
@ExtendWith(LogCapturingExtension.class)
class SerializationTest {

  @JUnit5TestKit
  public ActorTestKit testKit = new JUnit5TestKitBuilder().withCustomConfig(TestSettings.config(Map.of())).build();

  private void roundTrips(Object message) {
    Object back = testKit.serializationTestKit().verifySerialization(message, false);
    assertEquals(message, back);
    // ... and through CBOR, not some other serializer.
    var serializer = SerializationExtension.get(org.apache.pekko.actor.typed.javadsl.Adapter.toClassic(testKit.system()))
        .findSerializerFor(message);
    assertEquals(JacksonCborSerializer.class, serializer.getClass(), message.getClass().getSimpleName());
  }

  @Test
  void clusterMessagesRoundTrip() {
    TestProbe<Reply> client = testKit.createTestProbe();
    TestProbe<JobDone> broker = testKit.createTestProbe();
    roundTrips(new Submit(42, "Long", "least_connections", -1, client.ref()));
    roundTrips(new Submit(0, null, null, -1, client.ref()));
    roundTrips(new Response(42, "Worker-2", "Long", "least_connections", 5003));
    roundTrips(new Rejected(7, "unknown app type 'Medium' (allowed: Long, Short)"));
    roundTrips(new JobDone(12, 2, "Worker-3", 17, null));
    roundTrips(new JobDone(13, 1, "Worker-3", 0, "job size 9 ms is outside -1 .. 1 ms"));
    roundTrips(new Job(12, 2, AppType.SHORT, -1, broker.ref()));
    TestProbe<JobsDone> batchBroker = testKit.createTestProbe();
    roundTrips(new JobBatch(new long[] {12, 13}, new int[] {2, 1}, new AppType[] {AppType.SHORT, AppType.LONG},
        new long[] {-1, 250}, batchBroker.ref()));
    roundTrips(new JobsDone("Worker-3", 17, new long[] {12, 13}, new int[] {2, 1}, null));
    roundTrips(new JobsDone("Worker-3", 0, new long[] {12, 13}, new int[] {2, 1}, new String[] {"too big", null}));
    TestProbe<ToClient> batchClient = testKit.createTestProbe();
    roundTrips(new SubmitBatch(new long[] {1, 2}, new String[] {"Short", "Long"}, new String[] {"round_robin", null},
        new long[] {-1, 0}, batchClient.ref()));
    roundTrips(ResponseBatch.of(new long[] {1, 2}, new String[] {"Worker-1", "Worker-2"}, new String[] {"Short", "Long"},
        new String[] {"round_robin", "least_connections"}, new long[] {1002, 5001}));
  }

  @Test
  void brokerWorkerHandshakeRoundTrips() {
    TestProbe<WorkerReport> broker = testKit.createTestProbe();
    TestProbe<WorkerMessage> worker = testKit.createTestProbe();
    roundTrips(new WorkerHello(broker.ref()));
    roundTrips(new WorkerBye(broker.ref()));
    roundTrips(new WorkerInfo(worker.ref(), "Worker-2", 0.4, 1, 1000, 3));
    roundTrips(new WorkerUsage(worker.ref(), 0.75, 12.5, 0.5));
  }

  @Test
  void clientBrokerHandshakeAndHandBackRoundTrip() {
    TestProbe<Connected> client = testKit.createTestProbe();
    TestProbe<BrokerMessage> broker = testKit.createTestProbe();
    roundTrips(new Connect(client.ref()));
    roundTrips(new Connected(broker.ref(), "broker", 2000));
    roundTrips(new HandBack(9, "broker broker is stopping"));
  }
}
