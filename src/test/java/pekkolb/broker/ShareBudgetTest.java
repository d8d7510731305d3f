package pekkolb.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShareBudgetTest {

  @Test
  void startsWithItsBurstThenAllowsTheShareOfRequests() {
    ShareBudget b = new ShareBudget(0.1, 3);
    for (int i = 0; i < 3; i++) assertTrue(b.trySpend());
    assertFalse(b.trySpend());
    int allowed = 0;
    for (int i = 0; i < 1000; i++) {
      b.deposit();
      if (b.trySpend()) allowed++;
    }
    assertEquals(100, allowed, "10% of 1000 requests");
    assertEquals(103, b.spent());
    assertEquals(901, b.refused());
  }

  @Test
  void aQuietSpellSavesNoMoreThanTheBurst() {
    ShareBudget b = new ShareBudget(0.5, 2);
    for (int i = 0; i < 100; i++) b.deposit();
    assertTrue(b.trySpend());
    assertTrue(b.trySpend());
    assertFalse(b.trySpend());
  }
}
