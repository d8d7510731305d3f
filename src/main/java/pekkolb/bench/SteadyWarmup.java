package pekkolb.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import pekkolb.bench.BenchResults.ConcurrencyRow;

/**
 * Part 2's warm-up at the largest size: bursts until one ran while the JIT compiled next to nothing
 * ({@link #QUIET_COMPILE_MILLIS}, as the JVM's CompilationMXBean counts it), at most
 * {@link #MAX_BURSTS}. Code run once per batch of 256 (the outbox's, the workers' and the
 * scheduler's) gets hot only after millions of requests: after one such burst C2 still compiled
 * for ~200 ms of the two CPUs during the measured burst (JFR); it took five or six to be done.
 */
final class SteadyWarmup {
  static final int MAX_BURSTS = 10;
  static final long QUIET_COMPILE_MILLIS = 20;

  private SteadyWarmup() {}

  /** Runs {@code burst} until one compiled little; completes with how many ran. */
  static CompletableFuture<Integer> run(Supplier<CompletableFuture<ConcurrencyRow>> burst, Executor control) {
    return run(burst, ConcurrencyRow::compileMillis, MAX_BURSTS, control);
  }

  /** Runs {@code burst} until one compiled little ({@code compiled} tells), at most {@code max} times; completes with how many ran. */
  static <T> CompletableFuture<Integer> run(Supplier<CompletableFuture<T>> burst, ToLongFunction<T> compiled, int max,
      Executor control) {
    return next(burst, compiled, max, control, 1);
  }

  private static <T> CompletableFuture<Integer> next(Supplier<CompletableFuture<T>> burst, ToLongFunction<T> compiled, int max,
      Executor control, int n) {
    return burst.get().thenComposeAsync(r -> compiled.applyAsLong(r) < QUIET_COMPILE_MILLIS || n >= max
        ? CompletableFuture.completedFuture(n) : next(burst, compiled, max, control, n + 1), control);
  }

  /** Milliseconds the JIT compilers have spent so far; 0 where the JVM does not say. */
  static long compileMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
  }
}
