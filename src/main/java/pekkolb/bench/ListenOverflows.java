package pekkolb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The kernel's count of connections dropped because a listen socket's accept queue was full
 * (Linux, TcpExt ListenOverflows in /proc/net/netstat). Its rise over a burst says whether the
 * accept backlog was too small for it; it counts for the whole network namespace.
 */
final class ListenOverflows {
  private static final Path NETSTAT = Path.of("/proc/net/netstat");

  private ListenOverflows() {}

  /** The counter now, or -1 where the kernel does not tell (not Linux, no /proc). */
  static long now() {
    try {
      List<String> lines = Files.readAllLines(NETSTAT);
      // Pairs of lines: "TcpExt: Name1 Name2 ..." then "TcpExt: 1 2 ...".
      for (int i = 0; i + 1 < lines.size(); i += 2) {
        String[] names = lines.get(i).split(" ");
        String[] values = lines.get(i + 1).split(" ");
        for (int k = 1; k < names.length && k < values.length; k++) {
          if (names[0].equals("TcpExt:") && names[k].equals("ListenOverflows")) return Long.parseLong(values[k]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Unreadable or not in the expected form: the bench prints "-" instead.
    }
    return -1;
  }

  /** The rise since {@code before}, or -1 when either reading is unknown. */
  static long since(long before) {
    long after = now();
    return before < 0 || after < 0 ? -1 : after - before;
  }
}
