package pekkolb.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The demo end to end, at time scale 0.01 so the whole session takes a fraction of a second. */
class DemoCommandTest {

  @Test
  void demoAnswersEveryRequestAndExitsZero() {
    CommandRun run = CommandRun.of("demo", "--time-scale", "0.01");
    assertEquals(0, run.exit());
    String out = run.out();
    Matcher m = Pattern.compile("\\[Client\\] Received: Response from Worker-[123] \\((Long|Short), "
        + "(round_robin|least_connections), \\d+ ms\\)").matcher(out);
    int answers = 0;
    while (m.find()) answers++;
    assertEquals(5 + 12, answers, "5 session answers and 12 burst answers");
    assertTrue(out.contains("All 12 answered in"), out);
    // The burst spreads evenly: 4 jobs on each of the three workers (which type lands where depends on
    // where least_connections' rotation starts, random unless lb.routing.seed is set).
    for (int w = 1; w <= 3; w++) {
      assertTrue(Pattern.compile("Worker-" + w + "\\s+\\d\\s+\\d\\s+4\\n").matcher(out).find(), "table row for Worker-" + w + ":\n" + out);
    }
  }

  @Test
  void badFlagsGiveAClearErrorAndNonZeroExit() {
    CommandRun run = CommandRun.of("demo", "--workers", "many");
    assertEquals(2, run.exit());
    assertTrue(run.err().contains("Invalid value for option '--workers': 'many' is not an int"), run.err());
  }
}
