package pekkolb;

import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** The operating system's limits that size the gateway: open files per process, and the listen queue's cap. */
public final class OsLimits {
  private static final Path SOMAXCONN = Path.of("/proc/sys/net/core/somaxconn");

  private OsLimits() {}

  /** This process's open-file limit (ulimit -n), when the JVM can tell. */
  public static OptionalLong maxOpenFiles() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean os
        ? OptionalLong.of(os.getMaxFileDescriptorCount()) : OptionalLong.empty();
  }

  /** The kernel's cap on a listen queue (Linux: net.core.somaxconn), when it can be read. */
  public static OptionalLong somaxconn() {
    try {
      // Line by line: /proc files report a size of 0, and a read sized by it came back cut short.
      return OptionalLong.of(Long.parseLong(Files.readAllLines(SOMAXCONN).get(0).trim()));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }
}
