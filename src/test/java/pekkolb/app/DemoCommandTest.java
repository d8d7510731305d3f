package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo end to end, at time scale 0.01 so the whole session takes a fraction of a second. */
class DemoCommandTest {

  private static String runCapturingStdout(int[] exit, String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      exit[0] = Main.run(args);
    } finally {
      System.setOut(original);
    }
    String out = buffer.toString(StandardCharsets.UTF_8);
    original.print(out);
    return out;
  }

  @Test
  void demoAnswersEveryRequestAndExitsZero() {
    int[] exit = new int[1];
    String out = runCapturingStdout(exit, "demo", "--time-scale", "0.01");
    assertEquals(0, exit[0]);
    Matcher m = Pattern.compile("\\[Client\\] Received: Response from Worker-[123] \\((Long|Short), "
        + "(round_robin|least_connections), \\d+ ms\\)").matcher(out);
    int answers = 0;
    while (m.find()) answers++;
    assertEquals(5 + 12, answers, "5 session answers and 12 burst answers");
    assertTrue(out.contains("All 12 answered in"), out);
    // The burst spreads evenly: 4 jobs on each of the three workers.
    for (int w = 1; w <= 3; w++) {
      assertTrue(Pattern.compile("Worker-" + w + "\\s+2\\s+2\\s+4").matcher(out).find(), "table row for Worker-" + w);
    }
  }

  @Test
  void badFlagsGiveAClearErrorAndNonZeroExit() {
    int[] exit = new int[1];
    PrintStream originalErr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      runCapturingStdout(exit, "demo", "--workers", "many");
    } finally {
      System.setErr(originalErr);
    }
    assertEquals(2, exit[0]);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("Invalid value for option '--workers': 'many' is not an int"),
        err.toString(StandardCharsets.UTF_8));
  }
}
