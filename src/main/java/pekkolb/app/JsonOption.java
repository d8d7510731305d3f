package pekkolb.app;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The --json FILE flag of bench and simulate, and the check their output files get before a long run. */
final class JsonOption {
  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path file;

  /** @throws IllegalArgumentException naming {@code option} when {@code file} cannot be written; null passes */
  static void checkWritable(Path file, String option) {
    if (file == null) return;
    Path dir = file.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir) || Files.isDirectory(file)) {
      throw new IllegalArgumentException(option + ": cannot write '" + file
          + "' (its directory must exist and be writable, and it must not be a directory)");
    }
  }
}
