package printshop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The regions of the example that docs/library.md shows ({@code // tag::name[]} to
 * {@code // end::name[]}) must be in it verbatim (less their common indentation), so the docs show
 * code that compiles and runs. Where the example was copied out of the project, there are no docs
 * beside it, and the test is skipped (the library's pom, two folders up, tells which).
 */
class DocsTest {
  private static final Pattern TAG = Pattern.compile("^\\s*// tag::([\\w-]+)\\[]\\s*$");
  private static final Path SOURCE = Path.of("src/main/java/printshop/PrintShop.java");
  private static final Path DOCS = Path.of("../../docs/library.md");
  /** The library's own pom: there only while the example sits in the project, two folders down. */
  private static final Path PROJECT = Path.of("../../router/pom.xml");

  @Test
  void theDocsShowEveryTaggedRegionOfTheExampleVerbatim() throws IOException {
    assumeTrue(Files.isRegularFile(PROJECT), "no " + PROJECT.toAbsolutePath().normalize() + ": the example was copied out of the project");
    assertTrue(Files.isRegularFile(DOCS), "in the project, the docs must be at " + DOCS.toAbsolutePath().normalize());
    Map<String, String> regions = regions(Files.readAllLines(SOURCE));
    assertEquals(List.of("protocol", "printer", "balancer", "ask"), List.copyOf(regions.keySet()), "the regions the docs show");
    String docs = Files.readString(DOCS);
    for (Map.Entry<String, String> r : regions.entrySet()) {
      assertTrue(docs.contains(r.getValue()), "docs/library.md lacks region '" + r.getKey() + "' of " + SOURCE + " as it is now:\n" + r.getValue());
    }
  }

  /** Each region's lines, without the tag lines, dedented by their common indentation, each ending in a newline. */
  static Map<String, String> regions(List<String> lines) {
    Map<String, String> regions = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = TAG.matcher(lines.get(i));
      if (!m.matches()) continue;
      String end = "// end::" + m.group(1) + "[]";
      List<String> body = new ArrayList<>();
      int j = i + 1;
      while (!lines.get(j).trim().equals(end)) body.add(lines.get(j++));
      int indent = body.stream().filter(l -> !l.isBlank()).mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
      StringBuilder text = new StringBuilder();
      for (String l : body) text.append(l.isBlank() ? "" : l.substring(indent)).append('\n');
      regions.put(m.group(1), text.toString());
    }
    return regions;
  }
}
