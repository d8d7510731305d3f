package pekkolb.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load on the text gateway: each user holds one connection and sends its next request
 * (Long and Short in turn) as soon as the last is answered, so the pace is the workers' own.
 * Closing it closes the sockets, which ends the users' threads.
 */
final class GatewayLoad implements AutoCloseable {
  private final List<Socket> sockets = new ArrayList<>();
  private final List<Thread> users = new ArrayList<>();
  final AtomicLong answered = new AtomicLong();
  final AtomicLong errors = new AtomicLong();
  /** The first error seen, for the failure message. */
  volatile String firstError;
  private volatile boolean closed;

  GatewayLoad(String host, int port, String approach, int userCount) throws IOException {
    for (int u = 0; u < userCount; u++) {
      Socket s = new Socket(host, port);
      s.setSoTimeout(60_000);
      sockets.add(s);
      Thread t = new Thread(() -> run(s, approach), "load-" + approach + "-" + u);
      t.setDaemon(true);
      users.add(t);
    }
    users.forEach(Thread::start);
  }

  private void run(Socket s, String approach) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
      OutputStream out = s.getOutputStream();
      for (long i = 0; !closed; i++) {
        out.write(("AppID:" + (i % 2 == 0 ? "Long" : "Short") + ":" + approach + "\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String answer = in.readLine();
        if (answer == null) return;
        if (answer.startsWith("Response from")) answered.incrementAndGet();
        else error(answer);
      }
    } catch (IOException e) {
      if (!closed) error(e.toString());
    }
  }

  private void error(String what) {
    if (errors.getAndIncrement() == 0) firstError = what;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    for (Socket s : sockets) s.close();
  }
}
