package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Lateness worked out once per run of alike answers counts exactly as worked out per answer. */
class RunLatenessTest {
  private static final long JOB = 5_000_000_000L;

  @Test
  void eachAnswerCountsItsOwnLatenessAtTheClientAndInTheBroker() {
    RunLateness l = new RunLateness(JOB, 0.5, 10_000_000, true);
    l.sent(1, 3, 1_000_000);           // ids 1-3 left at 1 ms
    l.sent(4, 2, 3_000_000);           // ids 4-5 at 3 ms
    long now = 1_000_000 + JOB + 7_000_000; // 7 ms late for the first chunk, 5 ms for the second
    l.answered(3, now, 10_020);        // the broker said 10,020 ms: 5,010 ms at time scale 0.5, 10 ms late
    l.answered(4, now, 10_020);
    l.answered(1, now, 10_030);        // 15 ms late in the broker
    l.answered(5, now + 2_000_000, -1); // the broker did not say: counted at the client only
    l.answered(2, now, 10_020);
    Histogram client = l.client();
    assertEquals(5, client.getTotalCount());
    assertEquals(4, client.getCountAtValue(7_000), "ids 1-3, and 5: sent 2 ms later, answered 2 ms later");
    assertEquals(1, client.getCountAtValue(5_000), "id 4: 5 ms");
    Histogram broker = l.broker();
    assertEquals(4, broker.getTotalCount());
    assertEquals(3, broker.getCountAtValue(10_000));
    assertEquals(1, broker.getCountAtValue(15_000));
  }

  @Test
  void withNoBrokerThereIsNoBrokerHistogram() {
    RunLateness l = new RunLateness(JOB, 1, 10_000_000, false);
    l.sent(1, 1, 0);
    l.answered(1, JOB + 1_000, 5_000);
    assertEquals(1, l.client().getCountAtValue(1));
    assertNull(l.broker());
  }
}
