package pekkolb.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogBudgetTest {
  private final AtomicLong now = new AtomicLong();
  private final LogBudget budget = new LogBudget(3, now::get);

  @Test
  void aFloodIsCutToTheBudgetAndTheRestIsCountedInTheNextLine() {
    for (int i = 0; i < 3; i++) assertEquals("", budget.admit());
    for (int i = 0; i < 500; i++) assertNull(budget.admit());
    now.addAndGet(999_000_000L);
    assertNull(budget.admit(), "still the same second");
    now.addAndGet(1_000_000L);
    assertEquals(" (501 more not logged)", budget.admit());
    assertEquals("", budget.admit());
  }
}
