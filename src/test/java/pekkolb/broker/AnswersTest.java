package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The elapsed time an answer tells, in milliseconds: the integer path rounds as the double one does. */
class AnswersTest {

  @Test
  void unscaledMillisRoundAsMathRoundDoes() {
    Random random = new Random(5);
    for (int i = 0; i < 100_000; i++) {
      long nanos = switch (i % 3) {
        case 0 -> random.nextLong(10_000_000_000L);
        case 1 -> random.nextInt(10_000) * 1_000_000L + 500_000 + random.nextInt(3) - 1; // at, just below and above a half
        default -> random.nextInt(10_000) * 1_000_000L;
      };
      assertEquals(Math.round(nanos / 1.0 / 1_000_000.0), Answers.millis(nanos, 1.0), "at " + nanos);
    }
    assertEquals(Math.round(-1_600_000 / 1_000_000.0), Answers.millis(-1_600_000, 1.0), "a clock that went back: as before");
    assertEquals(20, Answers.millis(2_000_000, 0.1), "scaled jobs tell unscaled time");
  }
}
