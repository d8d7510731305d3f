package pekkolb.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pekkolb.LbSettings;
import pekkolb.client.LbClient;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Response;

/**
 * The TCP front door on port 8000 that speaks the original text protocol, so plain socket clients
 * (the original Python client among them) are served unchanged. One Pekko Streams flow per
 * connection: bytes are cut into requests, each request is asked of the broker, and the answers go
 * back in request order, one line each ({@code Response from Worker-N ...} or {@code ERROR <reason>}).
 */
public final class Gateway {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final ByteString BUSY = ByteString.fromString("ERROR busy\n");
  /** Compared by identity: a marker, never data from the socket. */
  private static final byte[] IDLE = new byte[0];

  private final ActorSystem<?> system;
  private final ActorRef<BrokerMessage> broker;
  private final LbSettings settings;
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger requestsInFlight = new AtomicInteger();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private volatile boolean draining;
  private volatile Tcp.ServerBinding binding;

  private Gateway(ActorSystem<?> system, ActorRef<BrokerMessage> broker, LbSettings settings) {
    this.system = system;
    this.broker = broker;
    this.settings = settings;
  }

  /**
   * Binds the gateway at {@code lb.gateway.host:port} (port 0 picks a free one). Fails if the
   * address is taken.
   */
  public static CompletionStage<Gateway> bind(ActorSystem<?> system, ActorRef<BrokerMessage> broker, LbSettings settings) {
    Gateway gateway = new Gateway(system, broker, settings);
    LbSettings.Gateway g = settings.gateway();
    // halfClose: a client that shuts down its sending side still gets its answer.
    return Tcp.get(system)
        .bind(g.host(), g.port(), 1024, List.of(), true, Optional.empty())
        .to(Sink.foreach(gateway::handle))
        .run(system)
        .thenApply(b -> {
          gateway.binding = b;
          return gateway;
        });
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  /** Stops accepting connections; open ones are served on. Then {@link #drained()} tells when they are done. */
  public CompletionStage<Done> unbind() {
    draining = true;
    checkDrained();
    return binding.unbind().thenApply(u -> Done.getInstance());
  }

  /** Completes once the gateway is unbound and no request it accepted is still waiting for its answer. */
  public CompletionStage<Done> drained() {
    return drained;
  }

  private void handle(Tcp.IncomingConnection connection) {
    if (connections.incrementAndGet() > settings.gateway().maxConnections()) {
      connections.decrementAndGet();
      log.warn("refused {}: {} connections open (lb.gateway.max-connections)", connection.remoteAddress(),
          settings.gateway().maxConnections());
      connection.handleWith(Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.single(BUSY)), system);
      return;
    }
    connection.handleWith(
        connectionFlow().watchTermination((notUsed, done) -> {
          done.whenComplete((d, e) -> connections.decrementAndGet());
          return notUsed;
        }),
        system);
  }

  /** One connection: bytes in, answers out, closed after a bare request or an unrecoverable error. */
  Flow<ByteString, ByteString, NotUsed> connectionFlow() {
    LbSettings.Gateway g = settings.gateway();
    return Flow.of(ByteString.class)
        .map(ByteString::toArray)
        // A silent connection gets the IDLE marker (not a stream failure, which would reset the
        // connection without a word) and is answered with an error and closed.
        .keepAlive(g.idleTimeout(), () -> IDLE)
        .statefulMap(
            () -> new RequestFramer(g.maxLineLength()),
            (framer, chunk) -> Pair.create(framer, chunk == IDLE ? framer.idle(g.idleTimeout()) : framer.accept(chunk)),
            framer -> Optional.of(framer.finish()))
        .mapConcat(frames -> frames)
        .mapAsync(g.parallelism(), this::answer)
        .takeWhile(answer -> !answer.closes(), true)
        .map(Answer::bytes);
  }

  private record Answer(String text, boolean newline, boolean closes) {
    ByteString bytes() {
      return ByteString.fromString(newline ? text + "\n" : text, StandardCharsets.UTF_8);
    }
  }

  private CompletionStage<Answer> answer(RequestFramer.Frame frame) {
    if (frame instanceof RequestFramer.Failure f) {
      return CompletableFuture.completedFuture(new Answer("ERROR " + f.reason(), f.newline(), f.closes()));
    }
    RequestFramer.Request r = (RequestFramer.Request) frame;
    requestsInFlight.incrementAndGet();
    return LbClient.submit(broker, system.scheduler(), r.appType(), r.approach(), settings.askTimeout())
        .thenApply(reply -> {
          if (requestsInFlight.decrementAndGet() == 0) checkDrained();
          return new Answer(reply.text(), r.newline(), r.closes());
        });
  }

  private void checkDrained() {
    if (draining && requestsInFlight.get() == 0) drained.complete(Done.getInstance());
  }
}
