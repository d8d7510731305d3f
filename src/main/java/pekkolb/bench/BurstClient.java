package pekkolb.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The gateway part's client: opens N connections at once with java.nio, one request each in the
 * original protocol (bare, no newline), reads the one reply until the server closes. One thread runs
 * the selector loop for all of them, as an asyncio client would, so the client adds no thread per
 * connection to what is measured.
 */
final class BurstClient {

  /**
   * What a burst saw. {@code seconds}: from the first connect to the last reply's end. A reply is
   * answered when it starts with "Response"; anything else (ERROR, reset, refused, no reply in time) failed.
   * {@code firstError} is one failure's reason, null when none failed.
   */
  record Result(int connections, long answered, long failed, double seconds, long cpuNanos, String firstError) {}

  /** One connection: what it has sent and received so far. */
  private static final class Conn {
    final ByteBuffer out;
    final StringBuilder reply = new StringBuilder();

    Conn(byte[] request) {
      out = ByteBuffer.wrap(request);
    }
  }

  private final InetSocketAddress server;
  private final byte[] request;
  private final int connections;
  private final Duration timeout;
  private long answered;
  private long failed;
  private long lastAnswerNanos;
  private String firstError;

  private BurstClient(InetSocketAddress server, String request, int connections, Duration timeout) {
    this.server = server;
    this.request = request.getBytes(StandardCharsets.US_ASCII);
    this.connections = connections;
    this.timeout = timeout;
  }

  /**
   * The client JVM that {@link ChildClient} starts: one burst per line read, "HOST PORT REQUEST
   * CONNECTIONS TIMEOUT_MS", each {@link Result} printed as {@link #format} does; ends at the end of its input.
   */
  public static void main(String[] args) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      String[] f = line.trim().split(" ");
      if (f.length != 5) {
        System.err.println("expected HOST PORT REQUEST CONNECTIONS TIMEOUT_MS, got: " + line);
        System.exit(2);
      }
      InetSocketAddress server = new InetSocketAddress(f[0], Integer.parseInt(f[1]));
      Result r = new BurstClient(server, f[2], Integer.parseInt(f[3]), Duration.ofMillis(Long.parseLong(f[4]))).burst();
      System.out.print(format(r));
      System.out.flush();
    }
  }

  /** A result as two lines: the counts and times, then the first error (empty if none). */
  static String format(Result r) {
    String error = r.firstError() == null ? "" : r.firstError().replace('\n', ' ');
    return r.connections() + " " + r.answered() + " " + r.failed() + " " + r.seconds() + " " + r.cpuNanos() + "\n" + error + "\n";
  }

  /** The result {@link #format} wrote. */
  static Result parse(String text) {
    String[] lines = text.split("\n", -1);
    String[] f = lines[0].trim().split(" ");
    if (f.length != 5) throw new IllegalArgumentException("not a burst result: " + text.strip());
    String error = lines.length > 1 && !lines[1].isBlank() ? lines[1].strip() : null;
    return new Result(Integer.parseInt(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
        Long.parseLong(f[4]), error);
  }

  /** Runs one burst on a thread of its own; connections still open after {@code timeout} count as failed. */
  static CompletableFuture<Result> run(InetSocketAddress server, String request, int connections, Duration timeout) {
    CompletableFuture<Result> done = new CompletableFuture<>();
    Thread t = new Thread(() -> {
      try {
        done.complete(new BurstClient(server, request, connections, timeout).burst());
      } catch (IOException | RuntimeException e) {
        done.completeExceptionally(e);
      }
    }, "bench-gateway-client");
    t.setDaemon(true);
    t.start();
    return done;
  }

  private Result burst() throws IOException {
    try (Selector selector = Selector.open()) {
      long cpuStart = CpuTime.processNanos();
      long start = System.nanoTime();
      int open = 0;
      for (int i = 0; i < connections; i++) {
        SocketChannel ch = null;
        try {
          ch = SocketChannel.open();
          ch.configureBlocking(false);
          boolean connected = ch.connect(server);
          ch.register(selector, connected ? SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, new Conn(request));
          open++;
        } catch (IOException e) {
          if (ch != null) close(ch);
          fail(e.toString()); // e.g. too many open files: counted, the others go on
        }
      }
      long deadline = start + timeout.toNanos();
      ByteBuffer in = ByteBuffer.allocate(4096);
      while (open > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) break;
        selector.select(Math.max(1, left / 1_000_000));
        for (SelectionKey key : selector.selectedKeys()) {
          if (!step(key, in)) open--;
        }
        selector.selectedKeys().clear();
      }
      for (SelectionKey key : selector.keys()) {
        if (!key.isValid()) continue; // closed in the last round, already counted
        fail("no reply within " + timeout.toSeconds() + " s");
        key.channel().close();
      }
      long end = answered > 0 ? lastAnswerNanos : System.nanoTime();
      return new Result(connections, answered, failed, (end - start) / 1e9, CpuTime.processNanos() - cpuStart, firstError);
    }
  }

  /** Advances one connection; false once it is finished (answered or failed) and closed. */
  private boolean step(SelectionKey key, ByteBuffer in) {
    SocketChannel ch = (SocketChannel) key.channel();
    Conn c = (Conn) key.attachment();
    try {
      if (key.isConnectable() && ch.finishConnect()) key.interestOps(SelectionKey.OP_WRITE);
      if (key.isValid() && key.isWritable()) {
        ch.write(c.out);
        if (!c.out.hasRemaining()) key.interestOps(SelectionKey.OP_READ);
      }
      if (key.isValid() && key.isReadable()) {
        in.clear();
        int n = ch.read(in);
        if (n > 0) c.reply.append(new String(in.array(), 0, n, StandardCharsets.UTF_8));
        if (n < 0) return finish(ch, c);
      }
      return true;
    } catch (IOException e) {
      fail(e.toString());
      close(ch);
      return false;
    }
  }

  /** The server closed: the reply is complete. */
  private boolean finish(SocketChannel ch, Conn c) {
    close(ch);
    if (c.reply.toString().startsWith("Response")) {
      answered++;
      lastAnswerNanos = System.nanoTime();
    } else {
      fail(c.reply.isEmpty() ? "closed without a reply" : "reply: " + c.reply.toString().strip());
    }
    return false;
  }

  private void fail(String why) {
    failed++;
    if (firstError == null) firstError = why;
  }

  private static void close(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // Closing is best effort; the count is what matters.
    }
  }
}
