package pekkolb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Part 4's {@link BurstClient} in a JVM of its own, so that its sockets and the server's do not share
 * one process's file-descriptor limit: 10,000 connections need 10,000 on each side, and with both in
 * one JVM at a limit of 20,000 a few failed with "Too many open files" in 3 of 13 runs. One child
 * runs every burst of the part, warm-ups included, so its code is as warm as the server's.
 * Where no java launcher can be found, the bursts run in this JVM as before.
 */
final class ChildClient implements AutoCloseable {
  private final Process child; // null: in this JVM
  private final Writer commands;
  private final BufferedReader results;
  private final ExecutorService reader; // reads the child's answers: a pipe, not an actor, to wait on

  private ChildClient(Process child) {
    this.child = child;
    this.commands = child == null ? null : new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    this.results = child == null ? null : new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    this.reader = child == null ? null : Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "bench-client-reader");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts the client JVM (the same java and class path as this one). */
  static ChildClient start() {
    Optional<String> java = ProcessHandle.current().info().command();
    if (java.isEmpty()) return new ChildClient(null);
    List<String> command = List.of(java.get(), "-Xmx256m", "-cp", System.getProperty("java.class.path"), BurstClient.class.getName());
    try {
      return new ChildClient(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    } catch (IOException e) {
      throw new UncheckedIOException("could not start the client JVM: " + e.getMessage(), e);
    }
  }

  /** One burst of {@code connections} at {@code server}; completes when the client has its result. */
  CompletableFuture<BurstClient.Result> burst(InetSocketAddress server, String request, int connections, Duration timeout) {
    if (child == null) return BurstClient.run(server, request, connections, timeout);
    try {
      commands.write(server.getHostString() + " " + server.getPort() + " " + request + " " + connections + " " + timeout.toMillis() + "\n");
      commands.flush();
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new UncheckedIOException("the client JVM is gone: " + e.getMessage(), e));
    }
    return CompletableFuture.supplyAsync(this::readResult, reader);
  }

  private BurstClient.Result readResult() {
    try {
      String counts = results.readLine();
      String error = results.readLine();
      if (counts == null || error == null) throw new IllegalStateException("the client JVM ended without a result");
      return BurstClient.parse(counts + "\n" + error + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Ends the client JVM (its input closes) and the thread that read it. */
  @Override
  public void close() {
    if (child == null) return;
    try {
      commands.close();
    } catch (IOException ignored) {
      // Already gone: nothing to end.
    }
    reader.shutdown();
    child.onExit().orTimeout(10, TimeUnit.SECONDS).whenComplete((p, e) -> { if (e != null) child.destroyForcibly(); });
  }
}
