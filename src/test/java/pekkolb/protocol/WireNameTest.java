package pekkolb.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one parse of wire names: what a client's bad value looks like when it is echoed back. */
class WireNameTest {

  @Test
  void parsesExactWireNamesOnly() {
    assertEquals(AppType.LONG, AppType.parse("Long"));
    assertEquals(Approach.LEAST_CONNECTIONS, Approach.parse("least_connections"));
    assertThrows(IllegalArgumentException.class, () -> AppType.parse("long"));
  }

  @Test
  void unknownAppTypeIsEchoedWithControlCharactersEscaped() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AppType.parse("Lo\r\nng\u001b[2J"));
    assertEquals("unknown app type 'Lo\\x0d\\x0ang\\x1b[2J' (allowed: Long, Short)", e.getMessage());
  }

  @Test
  void unknownApproachIsEchoedCutToTheCap() {
    String huge = "round_robin" + "x".repeat(10_000) + "\n";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Approach.parse(huge));
    String echoed = e.getMessage().substring(e.getMessage().indexOf('\'') + 1, e.getMessage().lastIndexOf('\''));
    assertEquals(WireName.MAX_ECHO + "...".length(), echoed.length());
    assertTrue(echoed.startsWith("round_robinxxx") && echoed.endsWith("..."), echoed);
    assertTrue(e.getMessage().endsWith("(allowed: " + WireName.allowed(Approach.values()) + ")"));
  }

  @Test
  void noEchoedTextCarriesAControlCharacter() {
    for (int c = 0; c < 0xa0; c++) {
      if (c >= 0x20 && c < 0x7f) continue;
      String bad = "x" + (char) c;
      String message = assertThrows(IllegalArgumentException.class, () -> Approach.parse(bad)).getMessage();
      assertFalse(message.chars().anyMatch(ch -> ch < 0x20 || (ch >= 0x7f && ch < 0xa0)), "char " + c + ": " + message);
    }
  }

  @Test
  void missingValueNamesWhatIsMissing() {
    assertEquals("missing approach (allowed: " + WireName.allowed(Approach.values()) + ")",
        assertThrows(IllegalArgumentException.class, () -> Approach.parse(null)).getMessage());
  }
}
