package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's {@code serve} in a JVM whose open-file limit (ulimit -n 200) is far below the
 * connections that arrive at once (400), with max-connections above both: at the limit the gateway
 * stops accepting (the rest wait in the listen queue) until a connection closes, says so once, and
 * does not spin; every connection is answered in the end.
 */
class GatewayOpenFileLimitIT {
  private static final int OPEN_FILES = 200;
  private static final int CONNECTIONS = 400;

  @Test
  void atTheOpenFileLimitTheGatewayWaitsForADescriptorLogsOnceAndServesEveryone() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String jar = Path.of(System.getProperty("pekkolb.jar", "target/pekko-lb.jar")).toAbsolutePath().toString();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "ulimit -n " + OPEN_FILES + " && exec " + java + " -Xmx256m -Dlb.gateway.max-connections=10000 -jar "
        + jar + " serve --port " + port + " --admin-port 0";
    Process serve = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
    List<String> output = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> readInto(serve, output), "serve-output");
    reader.setDaemon(true);
    reader.start();
    List<Socket> clients = new ArrayList<>();
    try {
      awaitLine(output, "serving on", serve);
      for (int i = 0; i < CONNECTIONS; i++) {
        Socket s = new Socket("127.0.0.1", port); // the kernel completes it, accepted by the gateway or not
        s.setSoTimeout(120_000);
        s.getOutputStream().write("AppID:Long".getBytes(StandardCharsets.US_ASCII));
        clients.add(s);
      }
      String stopped = awaitLine(output, "not accepting until a connection closes", serve);
      long cpuAtStop = cpuTicks(serve.pid());
      long wallAtStop = System.nanoTime();
      int answered = 0;
      for (Socket s : clients) if (recvAll(s).startsWith("Response from Worker-")) answered++;
      double wallSeconds = (System.nanoTime() - wallAtStop) / 1e9;
      double cpuSeconds = (cpuTicks(serve.pid()) - cpuAtStop) / 100.0;
      System.out.printf("[measured] %d of %d answered; from the stop to the last answer %.1f s wall, %.2f s of CPU%n",
          answered, CONNECTIONS, wallSeconds, cpuSeconds);
      assertEquals(CONNECTIONS, answered, String.join("\n", output));
      assertTrue(stopped.contains("open-file limit " + OPEN_FILES), stopped);
      assertEquals(1, output.stream().filter(l -> l.contains("cannot accept") || l.contains("open-file limit")).count(),
          "logged once:\n" + String.join("\n", output));
      // Waiting for a Long job (5 s) to free descriptors; a listener retrying accept would burn a CPU all along.
      assertTrue(cpuSeconds < wallSeconds / 2, "it spun: " + cpuSeconds + " s of CPU in " + wallSeconds + " s");
      assertTrue(serve.isAlive());
    } finally {
      for (Socket s : clients) s.close();
      serve.destroyForcibly();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static void readInto(Process p, List<String> lines) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException ignored) {
      // The process was stopped.
    }
  }

  /** Waits on the process's output (not on a clock) for a line containing {@code text}. */
  private static String awaitLine(List<String> lines, String text, Process p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    synchronized (lines) {
      while (true) {
        for (String l : lines) if (l.contains(text)) return l;
        if (!p.isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("no line with '" + text + "':\n" + String.join("\n", lines));
        }
        lines.wait(1_000);
      }
    }
  }

  /** User and system CPU of a process, in clock ticks (1/100 s on Linux), from /proc. */
  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readAllLines(Path.of("/proc/" + pid + "/stat")).get(0); // /proc sizes read as 0: by line
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** Reads a socket until the server closes it. */
  private static String recvAll(Socket s) throws IOException {
    return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
