package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.pekko.actor.testkit.typed.javadsl.LogCapturingExtension;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.Stats;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;
import pekkolb.protocol.ToClient;
import pekkolb.protocol.WorkerStats;
import pekkolb.worker.Worker;

/**
 * One path: a seeded workload of approaches, types and sizes goes through the broker four ways (each
 * request alone or in batches, the job log on or off) under ManualTime. Every way gives each request
 * the same worker, and exactly one answer, counted. Each wave is submitted while no time passes and
 * nothing is in flight, so every pick is made on the same state: the second wave, after the first is
 * answered, leaves out what picks by measured latency or waits for completions in the order they come
 * (their tests are their own).
 */
@ExtendWith(LogCapturingExtension.class)
class BrokerOnePathTest {
  private static final int WAVE = 120;

  /** One request of the workload. */
  private record Request(long id, AppType type, Approach approach, long sizeMillis) {}

  /** What a run gave: each request's worker, and the broker's counts at the end. */
  private record Outcome(Map<Long, String> workerOf, Stats stats) {}

  private static final Approach[] FIRST = {Approach.ROUND_ROBIN, Approach.LEAST_CONNECTIONS, Approach.RANDOM,
      Approach.POWER_OF_TWO, Approach.WEIGHTED_ROUND_ROBIN, Approach.PEAK_EWMA, Approach.LEAST_WORK, Approach.PREQUAL};
  private static final Approach[] SECOND = {Approach.ROUND_ROBIN, Approach.LEAST_CONNECTIONS, Approach.RANDOM,
      Approach.POWER_OF_TWO, Approach.WEIGHTED_ROUND_ROBIN, Approach.LEAST_WORK};

  private static List<Request> wave(SplittableRandom random, long firstId, Approach[] approaches) {
    List<Request> wave = new ArrayList<>();
    for (long id = firstId; id < firstId + WAVE; id++) {
      AppType type = random.nextInt(3) == 0 ? AppType.LONG : AppType.SHORT;
      long size = random.nextInt(4) == 0 ? 200 + random.nextInt(3000) : -1;
      wave.add(new Request(id, type, approaches[random.nextInt(approaches.length)], size));
    }
    return wave;
  }

  private static Outcome run(boolean logJobs, boolean batched) {
    try (TestBroker lb = new TestBroker(Map.of("lb.broker.log-jobs", logJobs ? "on" : "off", "lb.routing.seed", "7",
        "lb.routing.weights.Worker-2", 3))) {
      for (int i = 1; i <= 3; i++) lb.testKit.spawn(Worker.create(lb.settings), "Worker-" + i);
      ActorRef<BrokerMessage> broker = lb.start(3);
      TestProbe<ToClient> client = lb.testKit.createTestProbe();
      SplittableRandom random = new SplittableRandom(2026);
      Map<Long, String> workerOf = new TreeMap<>();
      submit(broker, wave(random, 0, FIRST), batched, client.ref());
      answers(lb, client, workerOf, WAVE);
      submit(broker, wave(random, WAVE, SECOND), batched, client.ref());
      answers(lb, client, workerOf, 2 * WAVE);
      return new Outcome(workerOf, lb.stats());
    }
  }

  /** Lets the jobs run and reads answers until {@code total} requests were answered. */
  private static void answers(TestBroker lb, TestProbe<ToClient> client, Map<Long, String> workerOf, int total) {
    lb.advance(Duration.ofSeconds(6), Duration.ofMillis(250)); // every job of a wave (at most 5 s) ends
    while (workerOf.size() < total) {
      ToClient answer = client.receiveMessage();
      if (answer instanceof ResponseBatch b) {
        for (int i = 0; i < b.size(); i++) answered(workerOf, b.response(i));
      } else {
        answered(workerOf, assertInstanceOf(Response.class, answer, () -> ((Reply) answer).text()));
      }
    }
  }

  private static void answered(Map<Long, String> workerOf, Response r) {
    assertNull(workerOf.put(r.requestId(), r.worker()), "a second answer to request " + r.requestId());
  }

  private static void submit(ActorRef<BrokerMessage> broker, List<Request> wave, boolean batched, ActorRef<ToClient> client) {
    if (!batched) {
      for (Request r : wave) broker.tell(new Submit(r.id(), r.type().wireName(), r.approach().wireName(), r.sizeMillis(), client.narrow()));
      return;
    }
    for (int from = 0; from < wave.size(); from += 50) {
      List<Request> part = wave.subList(from, Math.min(wave.size(), from + 50));
      broker.tell(new SubmitBatch(part.stream().mapToLong(Request::id).toArray(),
          part.stream().map(r -> r.type().wireName()).toArray(String[]::new),
          part.stream().map(r -> r.approach().wireName()).toArray(String[]::new),
          part.stream().mapToLong(Request::sizeMillis).toArray(), client));
    }
  }

  @Test
  void everyWayThroughTheBrokerGivesTheSameAssignmentsAndOneAnswerEach() {
    Outcome plain = run(false, false);
    assertEquals(2 * WAVE, plain.workerOf().size());
    assertEquals(0, plain.stats().inFlight());
    assertEquals(0, plain.stats().waiting());
    long completed = plain.stats().workers().stream().mapToLong(WorkerStats::completed).sum();
    long dispatched = plain.stats().workers().stream().mapToLong(w -> w.longJobs() + w.shortJobs()).sum();
    assertEquals(2 * WAVE, completed, "one completion per request: a hedge's losing copy is not counted");
    assertEquals(completed + plain.stats().hedged(), dispatched, "a dispatch per request, and one per hedge's copy");
    for (boolean logJobs : new boolean[] {false, true}) {
      for (boolean batched : new boolean[] {false, true}) {
        if (!logJobs && !batched) continue;
        Outcome other = run(logJobs, batched);
        assertEquals(plain.workerOf(), other.workerOf(), "log-jobs " + logJobs + ", batched " + batched);
        assertEquals(plain.stats(), other.stats(), "log-jobs " + logJobs + ", batched " + batched);
      }
    }
  }
}
