package pekkolb.batching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The one batching layer: a buffer per receiver, one flush message per run, a full buffer at once. */
class BatcherTest {
  private static final ActorTestKit testKit = ActorTestKit.create();

  @AfterAll
  static void shutdown() {
    testKit.shutdownTestKit();
  }

  /** A receiver's entries; sending records what went as one message. */
  private static final class Numbers extends Batcher.Buffer {
    final List<List<Integer>> sent = new ArrayList<>();
    private List<Integer> entries = new ArrayList<>();

    void add(int n) {
      entries.add(n);
    }

    @Override
    public int size() {
      return entries.size();
    }

    @Override
    protected void send() {
      sent.add(entries);
      entries = new ArrayList<>();
    }
  }

  @Test
  void entriesForOneReceiverGoAsOneMessageWhenTheOwnerGetsItsFlush() {
    TestProbe<String> owner = testKit.createTestProbe();
    Batcher<String> batcher = new Batcher<>(owner.getRef(), "flush");
    Numbers a = new Numbers();
    Numbers b = new Numbers();
    for (int i = 0; i < 3; i++) {
      a.add(i);
      batcher.added(a);
    }
    b.add(7);
    batcher.added(b);
    assertEquals("flush", owner.receiveMessage(), "the first entry of the run asks for one flush");
    assertEquals(List.of(), a.sent, "nothing goes before the flush");
    batcher.flush();
    assertEquals(List.of(List.of(0, 1, 2)), a.sent);
    assertEquals(List.of(List.of(7)), b.sent, "a lone entry is a batch of one");
    a.add(9);
    batcher.added(a);
    assertEquals("flush", owner.receiveMessage(), "the next run asks for its own flush");
    batcher.flush();
    assertEquals(List.of(List.of(0, 1, 2), List.of(9)), a.sent);
    batcher.flush();
    assertEquals(2, a.sent.size(), "an empty buffer sends nothing");
  }

  @Test
  void aFullBufferGoesAtOnceAndTheRestWithTheFlush() {
    TestProbe<String> owner = testKit.createTestProbe();
    Batcher<String> batcher = new Batcher<>(owner.getRef(), "flush");
    Numbers a = new Numbers();
    for (int i = 0; i < Batcher.LIMIT + 5; i++) {
      a.add(i);
      batcher.added(a);
    }
    assertEquals(1, a.sent.size(), "the first LIMIT entries went as soon as they were there");
    assertEquals(Batcher.LIMIT, a.sent.get(0).size());
    owner.receiveMessage();
    batcher.flush();
    assertEquals(List.of(Batcher.LIMIT, 5), a.sent.stream().map(List::size).toList());
  }
}
