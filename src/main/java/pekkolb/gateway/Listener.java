package pekkolb.gateway;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.SupervisorStrategy;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the gateway's port and gives each accepted connection a {@link Connection} actor, or tells it
 * {@code ERROR busy} past lb.gateway.max-connections. A classic actor because Pekko IO's TCP is a
 * classic API: a connection is known only as the sender of its {@code Connected} event.
 */
final class Listener extends AbstractActor {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final ByteString BUSY = ByteString.fromString("ERROR busy\n");
  private static final AtomicInteger NAMES = new AtomicInteger();

  /** Stop accepting; completes {@code done} once the port is released. */
  record Unbind(CompletableFuture<Done> done) {}

  static Props props(Gateway gateway, CompletableFuture<InetSocketAddress> bound) {
    return Props.create(Listener.class, () -> new Listener(gateway, bound));
  }

  /** Several gateways may share a system (tests, bench): each listener gets its own name. */
  static int next() {
    return NAMES.incrementAndGet();
  }

  private final Gateway gateway;
  private final CompletableFuture<InetSocketAddress> bound;
  private ActorRef tcpListener; // Pekko IO's listener, once bound
  private CompletableFuture<Done> unbound;

  private Listener(Gateway gateway, CompletableFuture<InetSocketAddress> bound) {
    this.gateway = gateway;
    this.bound = bound;
  }

  @Override
  public void preStart() {
    var g = gateway.settings().gateway();
    // Push mode: the kernel's queue of 1024 is the back-pressure while connection actors start.
    Tcp.get(getContext().getSystem()).manager()
        .tell(TcpMessage.bind(getSelf(), new InetSocketAddress(g.host(), g.port()), 1024, List.of(), false), getSelf());
  }

  /** A connection's actor that fails is stopped (its postStop settles its accounts), never restarted blank. */
  @Override
  public SupervisorStrategy supervisorStrategy() {
    return SupervisorStrategy.stoppingStrategy();
  }

  @Override
  public Receive createReceive() {
    return receiveBuilder()
        .match(Tcp.Bound.class, b -> {
          tcpListener = getSender();
          bound.complete(b.localAddress());
        })
        .match(Tcp.CommandFailed.class, f -> f.cmd() instanceof Tcp.Bind, f -> {
          bound.completeExceptionally(new BindException(f.causedByString().isEmpty() ? "address in use" : f.causedByString()));
          getContext().stop(getSelf());
        })
        .match(Tcp.Connected.class, c -> accept(getSender(), c))
        .match(Unbind.class, u -> {
          unbound = u.done();
          if (tcpListener == null) u.done().complete(Done.getInstance());
          else tcpListener.tell(TcpMessage.unbind(), getSelf());
        })
        .match(Tcp.Unbound.class, u -> unbound.complete(Done.getInstance()))
        .match(Tcp.Event.class, e -> {}) // refused connections' closing events
        .build();
  }

  private void accept(ActorRef connection, Tcp.Connected c) {
    if (gateway.admit()) {
      ActorRef handler = getContext().actorOf(Connection.props(gateway, connection));
      // keepOpenOnPeerClosed: a client that shuts down its sending side still gets its answer.
      connection.tell(TcpMessage.register(handler, true, true), getSelf());
    } else {
      log.warn("refused {}: {} connections open (lb.gateway.max-connections)", c.remoteAddress(),
          gateway.settings().gateway().maxConnections());
      connection.tell(TcpMessage.register(getSelf()), getSelf());
      connection.tell(TcpMessage.write(BUSY), getSelf());
      connection.tell(TcpMessage.close(), getSelf());
    }
  }
}
