package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The broker's lateness is read at the broker's resolution, not at the top of a histogram bucket. */
class ConcurrencyBenchTest {

  @Test
  void aBrokerTwentyMillisecondsLateReadsTwenty() {
    Histogram h = new Histogram(10_000_000, 3);
    h.recordValueWithCount(5_000, 90);
    h.recordValueWithCount(20_000, 10);
    assertTrue(h.getValueAtPercentile(99) / 1000.0 > 20, "the bucket's top, as HdrHistogram reads it");
    assertEquals(20.0, ConcurrencyBench.brokerMillis(h, 99, 1), 0);
    assertEquals(5.0, ConcurrencyBench.brokerMillis(h, 50, 1), 0);
    assertEquals(20.0, ConcurrencyBench.brokerMillis(h, 100, 1), 0);
  }

  @Test
  void atATimeScaleTheResolutionIsTheScaledMillisecond() {
    Histogram h = new Histogram(10_000_000, 3);
    h.recordValue(370); // 37 broker milliseconds at time scale 0.01
    assertEquals(0.37, ConcurrencyBench.brokerMillis(h, 99, 0.01), 1e-9);
    assertTrue(Double.isNaN(ConcurrencyBench.brokerMillis(new Histogram(3), 99, 1)), "no broker answered: none");
  }
}
