package pekkolb.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A request's send time is its chunk's, whatever order the answers come in. */
class SendStampsTest {

  @Test
  void eachIdHasItsChunksStamp() {
    SendStamps s = new SendStamps();
    long id = 1;
    for (int c = 0; c < 200; c++) { // more chunks than the first arrays hold, of uneven sizes
      int n = 1 + c % 7;
      s.sent(id, n, 1000 + c);
      id += n;
    }
    long check = 1;
    for (int c = 0; c < 200; c++) {
      int n = 1 + c % 7;
      for (int k = 0; k < n; k++, check++) assertEquals(1000 + c, s.of(check), "id " + check);
    }
    assertEquals(1000, s.of(1), "back to the first chunk after the last");
    assertEquals(1199, s.of(id - 1));
    long chunk100 = 1;
    for (int c = 0; c < 100; c++) chunk100 += 1 + c % 7;
    assertEquals(1100, s.of(chunk100), "a jump into the middle finds its chunk");
    assertEquals(1099, s.of(chunk100 - 1), "and the one before it");
  }

  @Test
  void idsNotSentAndChunksOutOfOrderAreRefused() {
    SendStamps s = new SendStamps();
    s.sent(1, 256, 5);
    assertThrows(IllegalArgumentException.class, () -> s.of(0));
    assertThrows(IllegalArgumentException.class, () -> s.of(257));
    assertThrows(IllegalArgumentException.class, () -> s.sent(300, 1, 6));
    s.sent(257, 1, 6);
    assertEquals(6, s.of(257));
  }
}
