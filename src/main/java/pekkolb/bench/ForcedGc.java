package pekkolb.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * The bench's full GC before each burst, so that one burst's garbage does not count in the next
 * one's heap, without its side effect: after a full GC, G1 gives back all but a few tens of MB of
 * the heap (MaxHeapFreeRatio=70), far below what a fresh {@code java -Xmx2g} starts with (1/64 of
 * the machine's memory: 384 MB here) and a server that nobody forces to collect keeps. The burst
 * then began on a 40 MB heap and spent it growing it. MaxHeapFreeRatio is a manageable flag: set to
 * 100 while the bench runs its bursts (the heap is not shrunk, nor grown), then put back.
 */
final class ForcedGc implements AutoCloseable {
  private static final String FLAG = "MaxHeapFreeRatio";
  private final HotSpotDiagnosticMXBean hotSpot;
  private final String before;

  private ForcedGc(HotSpotDiagnosticMXBean hotSpot, String before) {
    this.hotSpot = hotSpot;
    this.before = before;
  }

  /** Keeps the heap's size through full GCs until closed; null if this JVM has no such flag. */
  static ForcedGc keepingHeapSize() {
    try {
      HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      String before = hotSpot.getVMOption(FLAG).getValue();
      hotSpot.setVMOption(FLAG, "100");
      return new ForcedGc(hotSpot, before);
    } catch (RuntimeException notHotSpot) { // no such bean or flag, or not writable: the bursts run as they are
      return null;
    }
  }

  @Override
  public void close() {
    hotSpot.setVMOption(FLAG, before);
  }
}
