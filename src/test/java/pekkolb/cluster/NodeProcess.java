package pekkolb.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** One pekko-lb JVM started from the packaged jar, with its output kept for the test to read. */
public final class NodeProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final List<Long> readAt = new ArrayList<>(); // System.nanoTime() when each line was read
  private final long startNanos = System.nanoTime();
  private final Thread reader;

  private NodeProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    reader = new Thread(this::readOutput, "output-of-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static Path jar() {
    String jar = System.getProperty("pekkolb.jar", "target/pekko-lb.jar");
    return Path.of(jar).toAbsolutePath();
  }

  public static NodeProcess start(String name, List<String> jvmOptions, String... args) throws IOException {
    return startWith(List.of(), name, jvmOptions, args);
  }

  /** The same, run through {@code prefix} (e.g. {@code ip netns exec ns}: a node on a host of its own). */
  static NodeProcess startWith(List<String> prefix, String name, List<String> jvmOptions, String... args) throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new NodeProcess(name, p);
  }

  /** A client node: {@code client <args> --seed-nodes <seeds>}. */
  static NodeProcess client(List<String> jvmOptions, String seeds, String... args) throws IOException {
    List<String> all = new ArrayList<>(List.of("client"));
    all.addAll(List.of(args));
    all.addAll(List.of("--seed-nodes", seeds));
    return start("client " + String.join(" ", args), jvmOptions, all.toArray(String[]::new));
  }

  /** The worker of each Response a client printed, in order. */
  List<String> responders() {
    List<String> workers = new ArrayList<>();
    java.util.regex.Matcher m = RESPONSE.matcher(output());
    while (m.find()) workers.add(m.group(1));
    return workers;
  }

  private static final Pattern RESPONSE = Pattern.compile("\\[Client\\] Received: Response from (Worker-\\d)");

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private void readOutput() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        synchronized (lines) {
          lines.add(line);
          readAt.add(System.nanoTime());
          lines.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the process was killed
    }
  }

  /** Waits (on the output, not on a clock) for a line matching {@code regex}; returns it. */
  public String awaitLine(String regex, Duration timeout) throws InterruptedException {
    return awaitLine(regex, timeout, 0);
  }

  /** Lines printed so far: pass it to {@link #awaitLine(String, Duration, int)} to look only at newer ones. */
  int mark() {
    synchronized (lines) {
      return lines.size();
    }
  }

  String awaitLine(String regex, Duration timeout, int fromLine) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      int seen = fromLine;
      while (true) {
        for (; seen < lines.size(); seen++) if (p.matcher(lines.get(seen)).find()) return lines.get(seen);
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError(name + " printed no line matching /" + regex + "/ within " + timeout + ":\n" + output());
        lines.wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
      }
    }
  }

  /** When (System.nanoTime()) the first line matching {@code regex} was read; waits for it up to {@code timeout}. */
  long readAt(String regex, Duration timeout) throws InterruptedException {
    String line = awaitLine(regex, timeout);
    synchronized (lines) {
      return readAt.get(lines.indexOf(line));
    }
  }

  long count(String regex) {
    Pattern p = Pattern.compile(regex);
    synchronized (lines) {
      return lines.stream().filter(l -> p.matcher(l).find()).count();
    }
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + ":\n" + output());
    }
    reader.join(10_000); // the last lines may still be in the pipe
    return process.exitValue();
  }

  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  double secondsSinceStart() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  void kill() {
    process.destroyForcibly();
  }

  /** SIGTERM: what systemd, Kubernetes or a plain `kill` send to ask a node to stop. */
  void terminate() {
    process.destroy();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
