package pekkolb.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import pekkolb.metrics.Metrics;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Response;

/**
 * The TCP front door on port 8000 that speaks the original text protocol, so plain socket clients
 * (the original Python client among them) are served unchanged. One Pekko Streams flow per
 * connection: bytes are cut into requests, each request is asked of the brokers (through a
 * {@link pekkolb.client.BrokerPool}, which spreads and fails over), and the answers go
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
  /** Requests framed and not yet answered, queued in a pipeline or at the broker. */
  private final AtomicInteger requestsOwed = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
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
          Metrics.get(system).gateway(gateway::openConnections, gateway.refused::get);
          return gateway;
        });
  }

  public InetSocketAddress address() {
    return binding.localAddress();
  }

  int openConnections() {
    return connections.get();
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
      refused.incrementAndGet();
      log.warn("refused {}: {} connections open (lb.gateway.max-connections)", connection.remoteAddress(),
          settings.gateway().maxConnections());
      connection.handleWith(Flow.fromSinkAndSourceCoupled(Sink.ignore(), Source.single(BUSY)), system);
      return;
    }
    ConnectionState state = new ConnectionState(requestsOwed);
    connection.handleWith(
        connectionFlow(state).watchTermination((notUsed, done) -> {
          done.whenComplete((d, e) -> {
            connections.decrementAndGet();
            if (state.closed() == 0) checkDrained();
          });
          return notUsed;
        }),
        system);
  }

  /** One connection: bytes in, answers out, closed after a bare request or an unrecoverable error. */
  private Flow<ByteString, ByteString, NotUsed> connectionFlow(ConnectionState state) {
    LbSettings.Gateway g = settings.gateway();
    return Flow.of(ByteString.class)
        .map(ByteString::toArray)
        // Silence is checked a few times per idle timeout; a silent connection that is owed no
        // answer gets an error and is closed (not a stream failure, which resets it without a word).
        .keepAlive(g.idleTimeout().dividedBy(4), () -> IDLE)
        .statefulMap(
            () -> new RequestFramer(g.maxLineLength()),
            (framer, chunk) -> Pair.create(framer, frames(framer, chunk, state, g)),
            framer -> {
              List<RequestFramer.Frame> last = framer.finish();
              state.framed(last);
              return Optional.of(last);
            })
        .mapConcat(frames -> frames)
        .mapAsync(g.parallelism(), this::answer)
        .map(answer -> {
          if (answer.ofRequest() && state.answered() == 0) checkDrained();
          return answer;
        })
        .takeWhile(answer -> !answer.closes(), true)
        .map(Answer::bytes);
  }

  private static List<RequestFramer.Frame> frames(RequestFramer framer, byte[] chunk, ConnectionState state,
      LbSettings.Gateway g) {
    if (chunk == IDLE) return state.idleFor(g.idleTimeout()) ? framer.idle(g.idleTimeout()) : List.of();
    state.received();
    List<RequestFramer.Frame> frames = framer.accept(chunk);
    state.framed(frames);
    return frames;
  }

  private record Answer(String text, boolean newline, boolean closes, boolean ofRequest) {
    ByteString bytes() {
      return ByteString.fromString(newline ? text + "\n" : text, StandardCharsets.UTF_8);
    }
  }

  private CompletionStage<Answer> answer(RequestFramer.Frame frame) {
    if (frame instanceof RequestFramer.Failure f) {
      return CompletableFuture.completedFuture(new Answer("ERROR " + f.reason(), f.newline(), f.closes(), false));
    }
    RequestFramer.Request r = (RequestFramer.Request) frame;
    return LbClient.viaPool(broker, system.scheduler(), r.appType(), r.approach(), settings)
        .thenApply(reply -> new Answer(reply.text(), r.newline(), r.closes(), true));
  }

  private void checkDrained() {
    if (draining && requestsOwed.get() == 0) drained.complete(Done.getInstance());
  }
}
