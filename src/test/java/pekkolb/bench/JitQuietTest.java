package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Reading HotSpot's Compiler.queue, and waiting until it is quiet: three idle polls in a row, or the limit. */
class JitQuietTest {

  @Test
  void quietOnlyWithNothingInHandOrQueued() {
    String idle = "Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n";
    String inHand = "Current compiles: \nC2 CompilerThread0  3169       4       java.lang.String::hashCode (27 bytes)\n\n"
        + "C1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n";
    String queued = "Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\n"
        + "3809       4       a.B::c (16 bytes)\n";
    assertTrue(JitQuiet.idle(idle));
    assertFalse(JitQuiet.idle(inHand));
    assertFalse(JitQuiet.idle(queued));
    assertNotNull(JitQuiet.idle(), "HotSpot answers the diagnostic command");
  }

  /** Answers the polls in turn, the last answer for ever after; counts the polls. */
  private static final class Polls implements Supplier<Boolean> {
    final AtomicInteger asked = new AtomicInteger();
    private final Iterator<Boolean> answers;
    private Boolean last;

    Polls(List<Boolean> answers) {
      this.answers = answers.iterator();
    }

    @Override
    public Boolean get() {
      asked.incrementAndGet();
      if (answers.hasNext()) last = answers.next();
      return last;
    }
  }

  @Test
  void waitsForThreeIdlePollsInARow() throws Exception {
    Polls polls = new Polls(List.of(false, true, true, false, true, true, true, false));
    JitQuiet.await(Duration.ofSeconds(60), Runnable::run, polls).get(60, TimeUnit.SECONDS);
    assertEquals(7, polls.asked.get(), "an idle run broken by a busy poll starts again");
  }

  @Test
  void aJvmThatCannotTellIsNotWaitedFor() throws Exception {
    Polls polls = new Polls(List.of());
    JitQuiet.await(Duration.ofSeconds(60), Runnable::run, () -> {
      polls.get();
      return null;
    }).get(60, TimeUnit.SECONDS);
    assertEquals(1, polls.asked.get());
  }

  @Test
  void neverIdleEndsAtTheLimit() throws Exception {
    Polls polls = new Polls(List.of(false));
    Duration limit = Duration.ofMillis(100);
    Duration waited = JitQuiet.await(limit, Runnable::run, polls).get(60, TimeUnit.SECONDS);
    assertTrue(waited.compareTo(limit) >= 0, "ends no sooner than its limit: " + waited);
    assertTrue(polls.asked.get() >= 2, "polled until then: " + polls.asked.get());
  }
}
