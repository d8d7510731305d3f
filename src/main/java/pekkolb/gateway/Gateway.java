package pekkolb.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import pekkolb.LbSettings;
import pekkolb.metrics.Metrics;
import pekkolb.protocol.BrokerMessage;

/**
 * The TCP front door on port 8000 that speaks the original text protocol, so plain socket clients
 * (the original Python client among them) are served unchanged. Netty's event loop accepts, and a
 * {@link Connection} per socket cuts bytes into requests, asks the brokers (through a
 * {@link pekkolb.client.BrokerPool}, which spreads and fails over) and writes the answers back in
 * request order, one line each ({@code Response from Worker-N ...} or {@code ERROR <reason>}).
 *
 * <p>Netty rather than Pekko IO: Pekko IO spends two actors and a round trip through its selector
 * actor on every accepted socket, several times the CPU per connection that Netty's event loop
 * needs, and at the open-file limit it retries accept at once and spins (docs/benchmarks.md, part 4).
 */
public final class Gateway {
  private final LbSettings settings;
  private final ActorRef<BrokerMessage> brokerRef;
  private final ActorSystem<?> system;
  private final EventLoopGroup loops;
  private final AcceptGate acceptGate;
  private final RefusalLog refusalLog = new RefusalLog();
  private final AtomicInteger connections = new AtomicInteger();
  /** Requests framed and not yet answered, queued in a pipeline or at the broker. */
  private final AtomicInteger requestsOwed = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private volatile boolean draining;
  private volatile Channel serverChannel;
  private volatile InetSocketAddress address;

  private Gateway(ActorSystem<?> system, ActorRef<BrokerMessage> broker, LbSettings settings) {
    this.system = system;
    this.brokerRef = broker;
    this.settings = settings;
    this.loops = new MultiThreadIoEventLoopGroup(settings.gateway().ioThreads(),
        new DefaultThreadFactory("pekko-lb-gateway", true), NioIoHandler.newFactory());
    this.acceptGate = new AcceptGate(pekkolb.OsLimits.maxOpenFiles().orElse(-1));
  }

  /**
   * Binds the gateway at {@code lb.gateway.host:port} (port 0 picks a free one) with a listen queue
   * of lb.gateway.backlog. Fails with a {@link BindException} if the address is taken. The gateway
   * closes when {@code system} terminates.
   */
  public static CompletionStage<Gateway> bind(ActorSystem<?> system, ActorRef<BrokerMessage> broker, LbSettings settings) {
    Gateway gateway = new Gateway(system, broker, settings);
    LbSettings.Gateway g = settings.gateway();
    ServerBootstrap bootstrap = new ServerBootstrap()
        .group(gateway.loops)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, g.backlog())
        .handler(gateway.acceptGate)
        // A client that shuts down its sending side still gets its answer.
        .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
        // Pipelined answers leave one write at a time; Nagle would hold each behind the last one's ack.
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            gateway.open(ch);
          }
        });
    CompletableFuture<Gateway> bound = new CompletableFuture<>();
    ChannelFuture binding = bootstrap.bind(g.host(), g.port());
    binding.addListener(f -> {
      if (!f.isSuccess()) {
        gateway.loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        BindException e = new BindException(f.cause().getMessage() == null ? "address in use" : f.cause().getMessage());
        e.initCause(f.cause());
        bound.completeExceptionally(e);
        return;
      }
      gateway.serverChannel = binding.channel();
      gateway.address = (InetSocketAddress) binding.channel().localAddress();
      Metrics.get(system).gateway(gateway::openConnections, gateway.refused::get);
      system.getWhenTerminated().thenRun(gateway::close);
      bound.complete(gateway);
    });
    return bound;
  }

  public InetSocketAddress address() {
    return address;
  }

  int openConnections() {
    return connections.get();
  }

  /** Stops accepting connections; open ones are served on. Then {@link #drained()} tells when they are done. */
  public CompletionStage<Done> unbind() {
    draining = true;
    checkDrained();
    CompletableFuture<Done> unbound = new CompletableFuture<>();
    serverChannel.close().addListener(f -> unbound.complete(Done.getInstance()));
    return unbound;
  }

  /** Completes once the gateway is unbound and no request it accepted is still waiting for its answer. */
  public CompletionStage<Done> drained() {
    return drained;
  }

  /** Closes the port and every connection, and stops the gateway's threads. */
  private void close() {
    loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
  }

  /** A new socket: served if under lb.gateway.max-connections, else told {@code ERROR busy} and closed. */
  private void open(SocketChannel ch) {
    if (connections.incrementAndGet() <= settings.gateway().maxConnections()) {
      ch.pipeline().addLast(new Connection(this));
      return;
    }
    connections.decrementAndGet();
    refused.incrementAndGet();
    refusalLog.refused(ch.remoteAddress(), settings.gateway().maxConnections());
    ch.pipeline().addLast(Busy.INSTANCE);
  }

  // ---- what the connections share ---------------------------------------------------------------

  LbSettings settings() {
    return settings;
  }

  ActorSystem<?> system() {
    return system;
  }

  ActorRef<BrokerMessage> broker() {
    return brokerRef;
  }

  ConnectionState newConnectionState() {
    return new ConnectionState(requestsOwed);
  }

  /** A connection closed; {@code owedLeft} is the gateway's total of requests still owed. */
  void connectionEnded(int owedLeft) {
    connections.decrementAndGet();
    acceptGate.descriptorFreed();
    if (owedLeft == 0) checkDrained();
  }

  void checkDrained() {
    if (draining && requestsOwed.get() == 0) drained.complete(Done.getInstance());
  }
}
