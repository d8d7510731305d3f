package pekkolb.bench;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A server part 4 measures and the process it runs in: where it listens, the process's CPU and JIT
 * time so far, and a way to let the process settle before a burst (a full GC, then the JIT compilers
 * idle), so that one burst's garbage and compiles do not count in the next.
 */
interface MeasuredServer extends AutoCloseable {

  /** A process's CPU time (all threads, GC and JIT included) and its JIT compilers' time, so far. */
  record ProcessTimes(long cpuNanos, long compileMillis) {
    static ProcessTimes now() {
      return new ProcessTimes(CpuTime.processNanos(), SteadyWarmup.compileMillis());
    }

    String format() {
      return cpuNanos + " " + compileMillis;
    }

    static ProcessTimes parse(String line) {
      String[] f = line.trim().split(" ");
      if (f.length != 2) throw new IllegalArgumentException("not process times: " + line);
      return new ProcessTimes(Long.parseLong(f[0]), Long.parseLong(f[1]));
    }
  }

  InetSocketAddress address();

  /** Completes once the process has run a full GC and its JIT compilers are idle (at most {@link JitQuiet#MAX_WAIT}). */
  CompletableFuture<Void> settle();

  /** The process's times now. */
  CompletableFuture<ProcessTimes> times();

  /** Stops the server. */
  @Override
  void close();

  /** A server in this JVM, stopped by {@code stop}: its process is this one. */
  static MeasuredServer inThisJvm(InetSocketAddress address, Runnable stop, Executor control) {
    return new MeasuredServer() {
      @Override
      public InetSocketAddress address() {
        return address;
      }

      @Override
      public CompletableFuture<Void> settle() {
        System.gc(); // between bursts, not during one
        return JitQuiet.await(JitQuiet.MAX_WAIT, control).thenApply(waited -> null);
      }

      @Override
      public CompletableFuture<ProcessTimes> times() {
        return CompletableFuture.completedFuture(ProcessTimes.now());
      }

      @Override
      public void close() {
        stop.run();
      }
    };
  }
}
