package pekkolb.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time used by this whole process (all threads, GC included). On a shared machine a run's
 * wall time depends on the neighbours; its CPU time per request much less so, and CPU seconds
 * over wall seconds shows how much of the machine the run actually got.
 */
final class CpuTime {
  private CpuTime() {}

  static long processNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }
}
