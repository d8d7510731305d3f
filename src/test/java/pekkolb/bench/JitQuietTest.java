package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Reading HotSpot's Compiler.queue: quiet only with nothing in hand and both queues empty. */
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
  }

  @Test
  void theWaitEndsWithinItsLimitOnThisJvm() throws Exception {
    assertNotNull(JitQuiet.idle(), "HotSpot answers the diagnostic command");
    Duration waited = JitQuiet.await(Duration.ofSeconds(30), Runnable::run).get(60, TimeUnit.SECONDS);
    assertTrue(waited.compareTo(Duration.ofSeconds(31)) < 0, "waited " + waited);
  }
}
