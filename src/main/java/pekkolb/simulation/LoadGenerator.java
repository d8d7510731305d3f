package pekkolb.simulation;

import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.BrokerMessage;
import pekkolb.protocol.Rejected;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Response;
import pekkolb.protocol.Submit;

/**
 * Plays a workload against the broker and measures every answer. Never blocks and never asks: a
 * timer ticks every millisecond and each tick sends all open-loop arrivals that have fallen due;
 * closed-loop clients send their next request from the answer to the last. Latency is the time
 * from send to answer, in unscaled units.
 */
final class LoadGenerator extends AbstractBehavior<LoadGenerator.Command> {

  sealed interface Command {}

  private enum Tick implements Command { INSTANCE }

  private enum ProgressTick implements Command { INSTANCE }

  private record Answer(Reply reply) implements Command {}

  /** Told to whoever started the generator, once, when every request is answered (or given up on). */
  record Finished(RunResult result) {}

  /**
   * What to play: {@code workload} with every request naming {@code approach}; request i goes to
   * {@code brokers[i % size]}, as clients spread over brokers; jobs run at {@code timeScale}.
   */
  record Plan(List<ActorRef<BrokerMessage>> brokers, Workload workload, Approach approach, double timeScale) {
    Plan {
      brokers = List.copyOf(brokers);
    }
  }

  static final Duration TICK = Duration.ofMillis(1);
  private static final Duration PROGRESS_EVERY = Duration.ofMillis(500);
  /** Unscaled time to wait for stragglers after the last send before counting them unanswered. */
  private static final long MIN_DRAIN_NANOS = Duration.ofSeconds(60).toNanos();
  private static final long HIGHEST_MICROS = Duration.ofHours(1).toNanos() / 1000;

  static Behavior<Command> create(Plan plan, SimulationListener listener, ActorRef<Finished> replyTo) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new LoadGenerator(ctx, timers, plan, listener, replyTo)));
  }

  private final TimerScheduler<Command> timers;
  private final List<ActorRef<BrokerMessage>> brokers;
  private final ActorRef<Reply> answers;
  private final Workload workload;
  private final Approach approach;
  private final double timeScale;
  private final SimulationListener listener;
  private final ActorRef<Finished> replyTo;
  private final long startNanos = System.nanoTime();
  private final long drainNanos;

  private final Histogram latency = new Histogram(HIGHEST_MICROS, 3);
  private final TypeLatencies byType = new TypeLatencies(HIGHEST_MICROS);
  private final Map<String, Long> perWorker = new HashMap<>();
  private final Map<String, Long> rejections = new HashMap<>();
  private long[] sentNanos = new long[1024];
  private AppType[] typeOf = new AppType[1024]; // what request i asked for, for latency by type and slowdown
  private long[] sizeOf = new long[1024];
  private int[] clientOf; // closed loop: which client sent request i
  private final BitSet answered = new BitSet();
  private Workload.Jobs[] clientJobs;
  private int activeClients;
  private int nextArrival; // open loop: index of the next arrival to send
  private long sent;
  private long completed;
  private long rejected;
  private long lastSendNanos;
  private long lastAnswerNanos;
  private boolean allSent;

  private LoadGenerator(ActorContext<Command> ctx, TimerScheduler<Command> timers, Plan plan, SimulationListener listener,
      ActorRef<Finished> replyTo) {
    super(ctx);
    this.timers = timers;
    this.brokers = plan.brokers();
    this.answers = ctx.messageAdapter(Reply.class, Answer::new);
    this.workload = plan.workload();
    this.approach = plan.approach();
    this.timeScale = plan.timeScale();
    this.listener = listener;
    this.replyTo = replyTo;
    this.drainNanos = Math.max(MIN_DRAIN_NANOS, workload.durationNanos());
    timers.startTimerAtFixedRate(ProgressTick.INSTANCE, PROGRESS_EVERY);
    if (workload instanceof Workload.Open open) {
      sentNanos = new long[open.size()];
      typeOf = new AppType[open.size()];
      sizeOf = new long[open.size()];
      timers.startTimerAtFixedRate(Tick.INSTANCE, TICK);
      sendDue(open, startNanos);
    } else {
      Workload.Closed closed = (Workload.Closed) workload;
      clientOf = new int[1024];
      clientJobs = new Workload.Jobs[closed.clients()];
      activeClients = closed.clients();
      for (int c = 0; c < closed.clients(); c++) {
        clientJobs[c] = closed.jobsOf(c);
        sendFor(c, startNanos);
      }
    }
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Tick.class, t -> onTick())
        .onMessage(Answer.class, this::onAnswer)
        .onMessage(ProgressTick.class, p -> onProgress())
        .build();
  }

  /** Unscaled nanoseconds since the start. */
  private long unscaledSince(long nanos) {
    return (long) ((nanos - startNanos) / timeScale);
  }

  private Behavior<Command> onTick() {
    if (workload instanceof Workload.Open open) sendDue(open, System.nanoTime());
    return maybeFinish();
  }

  private void sendDue(Workload.Open open, long now) {
    long due = unscaledSince(now);
    int n = open.size();
    while (nextArrival < n && open.atNanos()[nextArrival] <= due) {
      int i = nextArrival++;
      send(i, open.types()[i], open.sizeMillis()[i], now);
    }
    if (nextArrival >= n && !allSent) {
      allSent = true;
      timers.cancel(Tick.INSTANCE);
    }
  }

  private void sendFor(int client, long now) {
    int id = (int) sent;
    if (id == sentNanos.length) {
      sentNanos = Arrays.copyOf(sentNanos, id * 2);
      clientOf = Arrays.copyOf(clientOf, id * 2);
      typeOf = Arrays.copyOf(typeOf, id * 2);
      sizeOf = Arrays.copyOf(sizeOf, id * 2);
    }
    clientOf[id] = client;
    JobMix.Draw job = clientJobs[client].next();
    send(id, job.type(), job.sizeMillis(), now);
  }

  private void send(int id, AppType type, long sizeMillis, long now) {
    sentNanos[id] = now;
    typeOf[id] = type;
    sizeOf[id] = sizeMillis;
    sent++;
    lastSendNanos = now;
    brokers.get(id % brokers.size()).tell(new Submit(id, type.wireName(), approach.wireName(), sizeMillis, answers));
  }

  private Behavior<Command> onAnswer(Answer a) {
    long now = System.nanoTime();
    Reply reply = a.reply();
    int id = (int) reply.requestId();
    if (id < 0 || id >= sent || answered.get(id)) {
      getContext().getLog().warn("unexpected answer for request {}: {}", id, reply.text());
      return this;
    }
    answered.set(id);
    lastAnswerNanos = now;
    if (reply instanceof Response r) {
      completed++;
      long micros = Math.round((now - sentNanos[id]) / timeScale / 1000.0);
      latency.recordValue(Math.min(Math.max(micros, 0), HIGHEST_MICROS));
      byType.record(typeOf[id], micros, sizeOf[id]);
      perWorker.merge(r.worker(), 1L, Long::sum);
    } else {
      rejected++;
      rejections.merge(reply instanceof Rejected rejected ? rejected.reason() : reply.text(), 1L, Long::sum);
    }
    if (workload instanceof Workload.Closed closed) {
      if (unscaledSince(now) < closed.durationNanos()) {
        sendFor(clientOf[id], now);
      } else if (--activeClients == 0) {
        allSent = true;
      }
    }
    return maybeFinish();
  }

  private Behavior<Command> onProgress() {
    long now = System.nanoTime();
    listener.progress(approach, unscaledSince(now) / 1e9, workload.durationNanos() / 1e9, sent, completed + rejected);
    if (allSent && (now - lastSendNanos) / timeScale > drainNanos) {
      getContext().getLog().warn("{}: {} request(s) still unanswered {} s after the last send; giving up on them",
          approach.wireName(), sent - completed - rejected, drainNanos / 1_000_000_000);
      return finish();
    }
    return this;
  }

  private Behavior<Command> maybeFinish() {
    return allSent && completed + rejected == sent ? finish() : this;
  }

  private Behavior<Command> finish() {
    long end = lastAnswerNanos > 0 ? lastAnswerNanos : System.nanoTime();
    double elapsed = unscaledSince(end) / 1e9;
    RunResult.Counts counts = new RunResult.Counts(sent, completed, rejected, sent - completed - rejected, elapsed);
    RunResult.Latencies latencies = new RunResult.Latencies(latency, byType.histograms(), byType.meanSlowdown());
    replyTo.tell(new Finished(new RunResult(approach, counts, latencies, perWorker, rejections, RunResult.BrokerTally.NONE)));
    return Behaviors.stopped();
  }
}
