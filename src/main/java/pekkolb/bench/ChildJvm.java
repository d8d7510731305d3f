package pekkolb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A JVM of the bench's own (the same java and class path as this one) running one main class that
 * talks in lines: a command on its input, a known number of lines back on its output. Part 4's
 * client and reference server run in such JVMs, so that the gateway's process holds the gateway
 * alone: its file descriptors, its CPU and what its JIT compiles.
 */
final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final Writer commands;
  private final BufferedReader results;
  private final ExecutorService reader; // reads the child's lines: a pipe, not an actor, to wait on

  private ChildJvm(Process process) {
    this.process = process;
    this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    this.results = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.reader = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-child-reader-" + process.pid());
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts {@code main} with {@code maxHeap} (e.g. "256m") and {@code args}; empty where this JVM cannot name its java launcher. */
  static Optional<ChildJvm> start(Class<?> main, String maxHeap, List<String> args) {
    Optional<String> java = ProcessHandle.current().info().command();
    if (java.isEmpty()) return Optional.empty();
    List<String> command = new ArrayList<>(List.of(java.get(), "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(args);
    try {
      return Optional.of(new ChildJvm(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start()));
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a JVM for " + main.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Sends one command line; completes with the next {@code lines} lines the child prints. */
  CompletableFuture<List<String>> ask(String command, int lines) {
    try {
      commands.write(command + "\n");
      commands.flush();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException("the child JVM is gone: " + e.getMessage(), e));
    }
    return read(lines);
  }

  /** The next {@code lines} lines the child prints, without a command (what it prints as it starts). */
  CompletableFuture<List<String>> read(int lines) {
    return CompletableFuture.supplyAsync(() -> {
      List<String> got = new ArrayList<>(lines);
      try {
        for (int i = 0; i < lines; i++) {
          String line = results.readLine();
          if (line == null) throw new IllegalStateException("the child JVM ended after " + got.size() + " of " + lines + " lines");
          got.add(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return got;
    }, reader);
  }

  /** Ends the child (its input closes; it ends at the end of its input) and the thread that read it. */
  @Override
  public void close() {
    try {
      commands.close();
    } catch (IOException ignored) {
      // Already gone: nothing to end.
    }
    reader.shutdown();
    process.onExit().orTimeout(10, TimeUnit.SECONDS).whenComplete((p, e) -> { if (e != null) process.destroyForcibly(); });
  }
}
