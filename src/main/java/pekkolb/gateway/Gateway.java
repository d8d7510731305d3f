package pekkolb.gateway;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import pekkolb.LbSettings;
import pekkolb.metrics.Metrics;
import pekkolb.protocol.BrokerMessage;

/**
 * The TCP front door on port 8000 that speaks the original text protocol, so plain socket clients
 * (the original Python client among them) are served unchanged. A {@link Listener} accepts, and one
 * {@link Connection} actor per connection cuts bytes into requests, asks the brokers (through a
 * {@link pekkolb.client.BrokerPool}, which spreads and fails over) and writes the answers back in
 * request order, one line each ({@code Response from Worker-N ...} or {@code ERROR <reason>}).
 *
 * <p>Built on Pekko IO's TCP, not Pekko Streams: a connection here is one small actor, where a
 * stream materialises several per connection; at 1,000 connections at once that was about
 * 1.5 ms of CPU each (docs/benchmarks-history.md, the gateway part).
 */
public final class Gateway {
  private final LbSettings settings;
  private final org.apache.pekko.actor.typed.ActorRef<BrokerMessage> brokerRef;
  private final AtomicInteger connections = new AtomicInteger();
  /** Requests framed and not yet answered, queued in a pipeline or at the broker. */
  private final AtomicInteger requestsOwed = new AtomicInteger();
  private final AtomicLong refused = new AtomicLong();
  private final CompletableFuture<Done> drained = new CompletableFuture<>();
  private final ActorSystem<?> system;
  private volatile boolean draining;
  private volatile InetSocketAddress address;
  private ActorRef listener;

  private Gateway(ActorSystem<?> system, org.apache.pekko.actor.typed.ActorRef<BrokerMessage> broker, LbSettings settings) {
    this.system = system;
    this.brokerRef = broker;
    this.settings = settings;
  }

  /**
   * Binds the gateway at {@code lb.gateway.host:port} (port 0 picks a free one). Fails if the
   * address is taken.
   */
  public static CompletionStage<Gateway> bind(ActorSystem<?> system, org.apache.pekko.actor.typed.ActorRef<BrokerMessage> broker,
      LbSettings settings) {
    Gateway gateway = new Gateway(system, broker, settings);
    CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
    ExtendedActorSystem classic = (ExtendedActorSystem) Adapter.toClassic(system);
    gateway.listener = classic.systemActorOf(Listener.props(gateway, bound), "gateway-" + Listener.next());
    return bound.thenApply(a -> {
      gateway.address = a;
      Metrics.get(system).gateway(gateway::openConnections, gateway.refused::get);
      return gateway;
    });
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
    listener.tell(new Listener.Unbind(unbound), ActorRef.noSender());
    return unbound;
  }

  /** Completes once the gateway is unbound and no request it accepted is still waiting for its answer. */
  public CompletionStage<Done> drained() {
    return drained;
  }

  // ---- what the listener and the connections share ---------------------------------------------

  LbSettings settings() {
    return settings;
  }

  ActorSystem<?> system() {
    return system;
  }

  org.apache.pekko.actor.typed.ActorRef<BrokerMessage> broker() {
    return brokerRef;
  }

  /** A new connection, if under lb.gateway.max-connections; else it is counted as refused. */
  boolean admit() {
    if (connections.incrementAndGet() <= settings.gateway().maxConnections()) return true;
    connections.decrementAndGet();
    refused.incrementAndGet();
    return false;
  }

  ConnectionState newConnectionState() {
    return new ConnectionState(requestsOwed);
  }

  /** A connection's actor stopped; {@code owedLeft} is the gateway's total of requests still owed. */
  void connectionEnded(int owedLeft) {
    connections.decrementAndGet();
    if (owedLeft == 0) checkDrained();
  }

  void checkDrained() {
    if (draining && requestsOwed.get() == 0) drained.complete(Done.getInstance());
  }
}
