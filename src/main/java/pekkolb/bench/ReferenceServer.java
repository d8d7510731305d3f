package pekkolb.bench;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.InputStreamReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * The gateway part's yardstick: the least a server of the original protocol must do. It accepts,
 * reads the request, answers after the job's time and closes; no routing, no actors. One thread
 * with a java.nio selector; every job has the same length, so the timers are a FIFO queue.
 */
final class ReferenceServer implements AutoCloseable {
  private static final byte[] ANSWER = "Response from Reference for AppID:Long".getBytes(StandardCharsets.US_ASCII);

  private record Due(long atNanos, SocketChannel channel) {}

  private final ServerSocketChannel server;
  private final Selector selector;
  private final long jobNanos;
  private final ArrayDeque<Due> due = new ArrayDeque<>();
  private final Thread thread;
  private volatile boolean stopping;

  /** Binds a free port on 127.0.0.1 with the given accept backlog and starts serving. */
  ReferenceServer(long jobNanos, int backlog) throws IOException {
    this.jobNanos = jobNanos;
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress("127.0.0.1", 0), backlog);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    thread = new Thread(this::serve, "bench-reference-server");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The reference in a JVM of its own ({@link ChildReference} starts it), with arguments JOB_NANOS
   * BACKLOG: prints its port, then answers each line it reads: "settle" (a full GC, then the JIT
   * compilers idle; prints "settled") and "times" (the process's {@link MeasuredServer.ProcessTimes});
   * stops at the end of its input.
   */
  public static void main(String[] args) throws IOException {
    ReferenceServer server = new ReferenceServer(Long.parseLong(args[0]), Integer.parseInt(args[1]));
    say(String.valueOf(server.address().getPort()));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      switch (line.strip()) {
        case "settle" -> {
          System.gc();
          // Answered from the poll's thread once idle; the parent sends nothing before it reads this.
          JitQuiet.await(JitQuiet.MAX_WAIT, Runnable::run).thenRun(() -> say("settled"));
        }
        case "times" -> say(MeasuredServer.ProcessTimes.now().format());
        default -> {
          System.err.println("expected settle or times, got: " + line);
          System.exit(2);
        }
      }
    }
    server.close();
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  InetSocketAddress address() throws IOException {
    return (InetSocketAddress) server.getLocalAddress();
  }

  private void serve() {
    ByteBuffer in = ByteBuffer.allocate(1024);
    try {
      while (!stopping) {
        long wait = due.isEmpty() ? 0 : Math.max(1, (due.peek().atNanos() - System.nanoTime()) / 1_000_000);
        selector.select(wait);
        for (SelectionKey key : selector.selectedKeys()) {
          if (key.isValid() && key.isAcceptable()) accept(key);
          else if (key.isValid() && key.isReadable()) read(key, in);
        }
        selector.selectedKeys().clear();
        answerDue();
      }
    } catch (IOException e) {
      if (!stopping) throw new IllegalStateException("reference server failed", e);
    } finally {
      // This thread owns the sockets, so it closes them; close() only asks it to.
      for (SelectionKey k : selector.keys()) quietly(k.channel());
      for (Due d : due) quietly(d.channel());
      quietly(selector);
    }
  }

  private void accept(SelectionKey key) {
    try {
      SocketChannel ch;
      while ((ch = server.accept()) != null) {
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      // Out of file descriptors: leave the rest in the backlog until an answer closes one.
      key.interestOps(0);
    }
  }

  private void read(SelectionKey key, ByteBuffer in) {
    SocketChannel ch = (SocketChannel) key.channel();
    in.clear();
    try {
      if (ch.read(in) < 0) {
        close(ch);
        return;
      }
    } catch (IOException e) {
      close(ch);
      return;
    }
    key.interestOps(0); // one request per connection, as the original protocol's bare form
    due.add(new Due(System.nanoTime() + jobNanos, ch));
  }

  private void answerDue() {
    long now = System.nanoTime();
    while (!due.isEmpty() && due.peek().atNanos() <= now) {
      SocketChannel ch = due.poll().channel();
      try {
        ch.write(ByteBuffer.wrap(ANSWER)); // a few bytes into an empty send buffer: written whole
      } catch (IOException e) {
        // The client went away; nothing to answer.
      }
      close(ch);
    }
  }

  private static void quietly(Closeable c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // Best effort.
    }
  }

  private void close(SocketChannel ch) {
    quietly(ch);
    SelectionKey accepting = server.keyFor(selector);
    if (accepting != null && accepting.isValid()) accepting.interestOps(SelectionKey.OP_ACCEPT); // a descriptor is free again
  }

  /** Stops serving; the server's thread closes every socket on its way out. */
  @Override
  public void close() {
    stopping = true;
    selector.wakeup();
  }
}
