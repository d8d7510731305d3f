package pekkolb.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import pekkolb.LbSettings;
import pekkolb.batching.Batcher;
import pekkolb.logging.LogBudget;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Connect;
import pekkolb.protocol.Connected;
import pekkolb.protocol.HandBack;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.ResponseBatch;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.Submit;
import pekkolb.protocol.ToClient;

/**
 * The client side of every broker: takes {@link Submit}s as a broker would and spreads them over all
 * brokers the Receptionist lists as reachable, never more than a broker's window at it; the rest wait
 * in a bounded queue. When a broker is lost or hands requests back, they go to another broker; the
 * caller gets exactly one answer (the first), or a rejection when the queue is full or time runs out.
 * What goes to one broker while the pool reads one run of its mailbox goes as one {@link
 * pekkolb.protocol.SubmitBatch} (see {@link SubmitBuffer}), through the pool's {@link Batcher}.
 */
public final class BrokerPool extends AbstractBehavior<BrokerMessage> {

  /** Answers (with the number of usable brokers) once at least one broker has granted a window. */
  public record AwaitBroker(ActorRef<Integer> replyTo) implements BrokerMessage {}

  /** Asks for the pool's figures. */
  public record GetPoolStats(ActorRef<PoolStats> replyTo) implements BrokerMessage {}

  /** Brokers usable now, requests waiting and owed, and what failover cost so far. */
  public record PoolStats(int brokers, int queued, int owed, long resubmitted, long handedBack, long duplicatesDropped) {}

  private record Listed(Receptionist.Listing listing) implements BrokerMessage {}

  private record WrappedConnected(Connected connected) implements BrokerMessage {}

  private record WrappedAnswer(ToClient answer) implements BrokerMessage {}

  private enum Tick implements BrokerMessage { INSTANCE }

  /** The end of a mailbox run, sent by the {@link Batcher}: what each broker has coming goes. */
  private enum Flush implements BrokerMessage { INSTANCE }

  public static Behavior<BrokerMessage> create(LbSettings settings) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Tick.INSTANCE, settings.client().sweepInterval());
      return new BrokerPool(ctx, settings);
    }));
  }

  private final LbSettings settings;
  private final PoolState<ActorRef<BrokerMessage>, Submit> state;
  private final ActorRef<Connected> connectedTo;
  private final ActorRef<ToClient> replyTo;
  private final Batcher<BrokerMessage> batcher;
  private final Map<ActorRef<BrokerMessage>, SubmitBuffer> toBrokers = new HashMap<>();
  private final List<ActorRef<Integer>> awaiting = new ArrayList<>();
  private final LogBudget duplicateLog = new LogBudget(5, System::nanoTime);
  /** How long a broker that left the listing (draining) may still answer what it holds. */
  private final long drainGraceNanos;

  private BrokerPool(ActorContext<BrokerMessage> ctx, LbSettings settings) {
    super(ctx);
    ctx.setLoggerName(BrokerPool.class);
    this.settings = settings;
    this.drainGraceNanos = settings.cluster().brokerDrainTimeout().plusSeconds(2).toNanos();
    this.state = new PoolState<>(settings.client().queueSize(), settings.askTimeout().toNanos(),
        settings.client().queueTimeout().toNanos());
    this.connectedTo = ctx.messageAdapter(Connected.class, WrappedConnected::new);
    this.replyTo = ctx.messageAdapter(ToClient.class, WrappedAnswer::new);
    this.batcher = new Batcher<>(ctx.getSelf(), Flush.INSTANCE);
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class, Listed::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(ServiceKeys.BROKER, listings));
  }

  @Override
  public Receive<BrokerMessage> createReceive() {
    return newReceiveBuilder()
        .onMessage(Submit.class, this::onSubmit)
        .onMessage(WrappedAnswer.class, w -> onAnswer(w.answer()))
        .onMessage(Flush.class, f -> {
          batcher.flush();
          return this;
        })
        .onMessage(Listed.class, this::onListed)
        .onMessage(WrappedConnected.class, this::onConnected)
        .onMessage(Tick.class, t -> onTick())
        .onMessage(AwaitBroker.class, this::onAwaitBroker)
        .onMessage(GetPoolStats.class, this::onGetStats)
        .build();
  }

  private Behavior<BrokerMessage> onSubmit(Submit submit) {
    if (submit.replyTo() == null) {
      getContext().getLog().warn("dropped a request with no replyTo: nobody to answer");
      return this;
    }
    if (state.accept(submit, System.nanoTime()) == null) {
      submit.replyTo().tell(new Rejected(submit.requestId(), "overloaded: " + settings.client().queueSize()
          + " requests already wait for a broker (lb.client.queue-size)"));
      return this;
    }
    pump();
    return this;
  }

  /** Moves what waits and fits the brokers' windows to their buffers; they go at the end of the mailbox run. */
  private void pump() {
    for (PoolState.Send<ActorRef<BrokerMessage>, Submit> s : state.pump(System.nanoTime())) {
      SubmitBuffer buffer = toBrokers.computeIfAbsent(s.broker(), b -> new SubmitBuffer(b, replyTo));
      buffer.add(s.wireId(), s.request().payload);
      batcher.added(buffer);
    }
  }

  /** Brokers the pool gave up on: what was about to go to them was put back in the queue, and goes elsewhere. */
  private void dropLost() {
    for (Iterator<SubmitBuffer> it = toBrokers.values().iterator(); it.hasNext(); ) {
      SubmitBuffer buffer = it.next();
      if (state.holds(buffer.broker)) continue;
      buffer.drop();
      it.remove();
    }
  }

  private Behavior<BrokerMessage> onAnswer(ToClient answer) {
    if (answer instanceof ResponseBatch batch) {
      long now = System.nanoTime(); // one clock reading for answers that came together
      for (int r = 0; r < batch.runs(); r++) {
        for (int i = batch.runStart(r); i < batch.runEnds()[r]; i++) onReply(batch.response(i, r), now);
      }
    } else {
      onReply((Reply) answer, System.nanoTime());
    }
    pump();
    return this;
  }

  private void onReply(Reply reply, long now) {
    boolean handBack = reply instanceof HandBack;
    String reason = handBack ? ((HandBack) reply).reason() : null;
    PoolState.Outcome<Submit> outcome = state.reply(reply.requestId(), handBack, reason);
    switch (outcome.kind()) {
      case ANSWER -> answer(outcome.request(), reply, now);
      case DUPLICATE -> {
        String note = duplicateLog.admit();
        if (note != null) {
          getContext().getLog().info("dropped a late answer, the caller was answered already ({} so far): {}{}",
              state.duplicates, reply.text(), note);
        }
      }
      case HANDED_BACK -> getContext().getLog().debug("request handed back ({}), re-submitting", reply.text());
      case NO_BROKER_LEFT -> outcome.request().payload.replyTo().tell(new Rejected(outcome.request().payload.requestId(),
          reason + "; no other broker is available"));
      case STALE -> { }
    }
  }

  /** Passes the first answer on under the caller's own request id. */
  private void answer(PendingRequest<Submit> r, Reply reply, long now) {
    Submit caller = r.payload;
    Reply out;
    if (reply instanceof Response resp) {
      long elapsed = Math.round((now - r.startNanos) / settings.timeScale() / 1_000_000.0);
      out = new Response(caller.requestId(), resp.worker(), resp.appType(), resp.approach(), elapsed);
    } else {
      out = new Rejected(caller.requestId(), ((Rejected) reply).reason());
    }
    caller.replyTo().tell(out);
  }

  private Behavior<BrokerMessage> onListed(Listed listed) {
    // Every listing counts, also one that only changed reachability (servicesWereAddedOrRemoved() is false then).
    int before = state.connectedBrokers();
    long resubmittedBefore = state.resubmitted;
    Receptionist.Listing l = listed.listing();
    var added = state.listed(l.getServiceInstances(ServiceKeys.BROKER), l.getAllServiceInstances(ServiceKeys.BROKER),
        System.nanoTime());
    for (ActorRef<BrokerMessage> b : added) {
      b.tell(new Connect(connectedTo));
    }
    dropLost();
    long moved = state.resubmitted - resubmittedBefore;
    if (moved > 0) getContext().getLog().warn("a broker was lost: re-submitting {} unanswered request(s)", moved);
    if (state.connectedBrokers() != before) {
      getContext().getLog().info("{} broker(s) usable", state.connectedBrokers());
    }
    pump();
    return this;
  }

  private Behavior<BrokerMessage> onConnected(WrappedConnected w) {
    Connected c = w.connected();
    int before = state.connectedBrokers();
    state.connected(c.broker(), c.window());
    int usable = state.connectedBrokers();
    if (usable != before) getContext().getLog().info("{} broker(s) usable", usable);
    if (usable > 0) {
      awaiting.forEach(a -> a.tell(usable));
      awaiting.clear();
    }
    pump();
    return this;
  }

  private Behavior<BrokerMessage> onTick() {
    for (ActorRef<BrokerMessage> b : state.unconnected()) b.tell(new Connect(connectedTo)); // a Connect may be lost
    long moved = state.resubmitted;
    state.unlistedTooLong(System.nanoTime(), drainGraceNanos);
    dropLost();
    if (state.resubmitted > moved) {
      getContext().getLog().warn("a broker out of the listing did not answer within {} ms: re-submitting {} request(s)",
          drainGraceNanos / 1_000_000, state.resubmitted - moved);
      pump();
    }
    List<PendingRequest<Submit>> expired = state.expired(System.nanoTime());
    for (PendingRequest<Submit> r : expired) {
      String why = r.lastHandBack != null ? " (last handed back: " + r.lastHandBack + ")"
          : state.connectedBrokers() == 0 ? " (no broker available)" : "";
      String reason = r.expiredInQueue
          ? "timeout: no broker had room for it within " + settings.client().queueTimeout().toSeconds() + " s (lb.client.queue-timeout)"
          : "timeout: no answer within " + settings.askTimeout().toMillis() + " ms" + why;
      r.payload.replyTo().tell(new Rejected(r.payload.requestId(), reason));
    }
    if (!expired.isEmpty()) pump(); // a send given up on frees its place in a window
    return this;
  }

  private Behavior<BrokerMessage> onAwaitBroker(AwaitBroker await) {
    if (state.connectedBrokers() > 0) await.replyTo().tell(state.connectedBrokers());
    else awaiting.add(await.replyTo());
    return this;
  }

  private Behavior<BrokerMessage> onGetStats(GetPoolStats get) {
    get.replyTo().tell(new PoolStats(state.connectedBrokers(), state.queued(), state.owed(), state.resubmitted,
        state.handedBack, state.duplicates));
    return this;
  }
}
