package printshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Runs the print shop: every document printed once, the work spread over the printers, and said so. */
class PrintShopTest {

  @Test
  void eachDocumentIsPrintedOnceAndTheJobsAreSpreadOverThePrinters() {
    List<String> documents = List.of("menu", "poster", "flyer", "invoice", "letter", "ticket", "card", "label", "map");
    PrintStream stdout = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<PrintShop.Printed> printed;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      printed = PrintShop.run(documents);
    } finally {
      System.setOut(stdout);
    }
    Map<String, String> printerOf = new HashMap<>();
    for (PrintShop.Printed p : printed) {
      assertNull(p.problem(), p.document());
      assertNull(printerOf.put(p.document(), p.printer()), "printed once: " + p.document());
    }
    assertEquals(Set.copyOf(documents), printerOf.keySet());
    Set<String> printers = new HashSet<>(printerOf.values());
    assertTrue(printers.size() >= 2 && printers.stream().allMatch(n -> n.matches("printer-[123]")), "spread: " + printers);
    String said = out.toString(StandardCharsets.UTF_8);
    for (String d : documents) assertTrue(said.contains(d + " printed on " + printerOf.get(d)), said);
  }
}
