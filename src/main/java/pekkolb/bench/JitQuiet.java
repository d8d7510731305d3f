package pekkolb.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Waits, without blocking a thread, until HotSpot's JIT compilers have nothing in hand or queued
 * (the {@code Compiler.queue} diagnostic command, as {@code jcmd} prints it). Each burst of part 2
 * starts an ActorSystem, and compiling what that start ran (config parsing, mostly) queued behind
 * the warm-ups: measured with JFR, C2 spent ~500 ms of one of the two CPUs compiling
 * {@code SimpleConfig.checkValid} and {@code findOrNull} during the measured burst itself.
 */
final class JitQuiet {
  private static final long POLL_MILLIS = 20;
  static final int QUIET_POLLS = 3; // idle three polls in a row: not a gap between two compiles

  /** The longest the bench waits for the compilers to be quiet before a measured burst or batch. */
  static final Duration MAX_WAIT = Duration.ofSeconds(10);

  private JitQuiet() {}

  /** Completes with how long it waited once the compilers are quiet, or at {@code max} (or at once where the JVM cannot tell). */
  static CompletableFuture<Duration> await(Duration max, Executor control) {
    return await(max, control, JitQuiet::idle);
  }

  /** As above, asking {@code idle} (null: cannot tell) at each poll. */
  static CompletableFuture<Duration> await(Duration max, Executor control, Supplier<Boolean> idle) {
    CompletableFuture<Duration> done = new CompletableFuture<>();
    long start = System.nanoTime();
    poll(new Wait(start, start + max.toNanos(), idle, done, control), 0);
    return done;
  }

  private record Wait(long start, long deadline, Supplier<Boolean> idle, CompletableFuture<Duration> done, Executor control) {}

  private static void poll(Wait w, int quietSoFar) {
    Boolean idle = w.idle().get();
    int quiet = Boolean.TRUE.equals(idle) ? quietSoFar + 1 : 0;
    long now = System.nanoTime();
    if (idle == null || quiet >= QUIET_POLLS || now >= w.deadline()) {
      w.done().complete(Duration.ofNanos(now - w.start()));
      return;
    }
    Executor later = CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS, w.control());
    later.execute(() -> poll(w, quiet));
  }

  /** Whether no compile is running or queued; null if this JVM has no such command. */
  static Boolean idle() {
    String queue;
    try {
      queue = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
          "compilerQueue", new Object[] {new String[0]}, new String[] {String[].class.getName()});
    } catch (JMException | RuntimeException notHotSpot) {
      return null;
    }
    return idle(queue);
  }

  /** Reads the command's output: headers ("Current compiles:", "C2 compile queue:"), "Empty", or a line per task. */
  static boolean idle(String queue) {
    for (String line : queue.split("\n")) {
      String l = line.strip();
      if (!l.isEmpty() && !l.equals("Empty") && !l.endsWith(":")) return false; // a compile in hand or queued
    }
    return true;
  }
}
