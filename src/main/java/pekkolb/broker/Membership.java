package pekkolb.broker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.slf4j.Logger;
import pekkolb.LbSettings;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.protocol.ServiceKeys;
import pekkolb.protocol.WorkerHello;
import pekkolb.protocol.WorkerInfo;
import pekkolb.protocol.WorkerMessage;
import pekkolb.protocol.WorkerState;
import pekkolb.routing.PeakEwma;
import pekkolb.routing.Strategies;
import pekkolb.routing.WorkerOrder;

/**
 * Which workers the broker knows and which of them take new jobs, learnt from the Receptionist's
 * listings and from watching each worker. A worker found is sent a {@link WorkerHello} and takes
 * jobs once it answered (speed, slots, window, load). Keeps the routable list in {@link WorkerOrder}
 * and tells the strategies whenever it changes.
 */
final class Membership {
  // Ties between equal names (one per node) are broken by the full path, so the order is total.
  private static final Comparator<WorkerEntry> ORDER =
      Comparator.<WorkerEntry, String>comparing(w -> w.name, WorkerOrder.NAMES).thenComparing(w -> w.ref.path().toString());

  private final LbSettings settings;
  private final Strategies strategies;
  private final Logger log;
  private final BrokerMetrics metrics;
  private final ActorRef<WorkerInfo> helloReplyTo;
  private final Map<ActorRef<WorkerMessage>, WorkerEntry> known = new HashMap<>();
  private final List<WorkerEntry> routable = new ArrayList<>();
  private final List<WorkerEntry> open = new ArrayList<>();

  Membership(LbSettings settings, Strategies strategies, Logger log, BrokerMetrics metrics,
      ActorRef<WorkerInfo> helloReplyTo) {
    this.settings = settings;
    this.helloReplyTo = helloReplyTo;
    this.strategies = strategies;
    this.log = log;
    this.metrics = metrics;
  }

  /** Workers that may take a new job, in {@link WorkerOrder}; never modify. */
  List<WorkerEntry> routable() {
    return routable;
  }

  /**
   * Routable workers where this broker's jobs are below the window the worker granted: the list
   * strategies pick from, in {@link WorkerOrder}; never modify.
   */
  List<WorkerEntry> open() {
    return open;
  }

  /** After a job went to {@code w} or left it: keeps {@link #open()} current (cheap unless a window filled or freed). */
  void loadChanged(WorkerEntry w) {
    if (w.hasRoom() != w.listedOpen) rebuildOpen();
  }

  /** Every known worker that answered the hello, routable or not, in {@link WorkerOrder}. */
  List<WorkerEntry> all() {
    List<WorkerEntry> sorted = new ArrayList<>();
    for (WorkerEntry w : known.values()) if (w.isGreeted()) sorted.add(w);
    sorted.sort(ORDER);
    return sorted;
  }

  /**
   * Applies a listing and returns the workers that just became unreachable: their jobs must be
   * taken back. {@code watch} is called once for each worker seen for the first time.
   */
  List<WorkerEntry> update(Receptionist.Listing listing, Consumer<ActorRef<WorkerMessage>> watch) {
    Set<ActorRef<WorkerMessage>> reachable = listing.getServiceInstances(ServiceKeys.WORKER);
    Set<ActorRef<WorkerMessage>> all = listing.getAllServiceInstances(ServiceKeys.WORKER);
    for (ActorRef<WorkerMessage> ref : all) {
      if (!known.containsKey(ref)) {
        WorkerEntry w = new WorkerEntry(ref, settings.weightOf(ref.path().name()),
            new PeakEwma(settings.scaledNanos(settings.peakEwmaDecay()), System.nanoTime()),
            settings.dispatch().reportedLoad(), metrics.worker(ref.path().name()));
        known.put(ref, w);
        watch.accept(ref);
        ref.tell(new WorkerHello(helloReplyTo));
        log.info("worker joined: {} ({})", w.name, ref.path());
        metrics.workerEvent(w.name, "joined");
      }
    }
    List<WorkerEntry> lost = new ArrayList<>();
    for (WorkerEntry w : known.values()) {
      WorkerState next = reachable.contains(w.ref) ? WorkerState.ROUTABLE
          : all.contains(w.ref) ? WorkerState.UNREACHABLE
          : WorkerState.DEREGISTERED;
      if (next == w.state) continue;
      WorkerState before = w.state;
      w.state = next;
      metrics.workerEvent(w.name, next.name().toLowerCase());
      switch (next) {
        case ROUTABLE -> log.info("worker {} is back ({} before)", w.name, before.label());
        case DEREGISTERED -> log.info("worker left the listing: {}; no new jobs, awaiting its {} job(s)", w.name, w.inFlight());
        case UNREACHABLE -> {
          log.warn("worker unreachable: {}", w.name);
          lost.add(w);
        }
      }
    }
    rebuildRoutable();
    return lost;
  }

  /** Records a worker's answer to the hello; returns it, or null if the worker is no longer known. */
  WorkerEntry greeted(WorkerInfo info) {
    WorkerEntry w = known.get(info.worker());
    if (w == null) return null;
    boolean first = !w.isGreeted();
    w.greeted(info);
    if (first) {
      log.info("worker {}: speed {}, slots {}, window {}, load {}", w.name, info.speed(), info.slots(), info.window(), info.load());
      rebuildRoutable();
    }
    return w;
  }

  /** Says hello again to listed workers that have not answered (a hello may be lost on the way). */
  void greetLaggards() {
    for (WorkerEntry w : known.values()) {
      if (!w.isGreeted() && w.state == WorkerState.ROUTABLE) w.ref.tell(new WorkerHello(helloReplyTo));
    }
  }

  /** Forgets a worker that stopped; returns it (its jobs must be taken back), or null if unknown. */
  WorkerEntry stopped(ActorRef<?> ref) {
    WorkerEntry w = known.remove(ref);
    if (w == null) return null;
    if (w.inFlight() > 0) log.warn("worker stopped: {} while holding {} job(s)", w.name, w.inFlight());
    else log.debug("worker stopped: {}", w.name);
    w.state = WorkerState.DEREGISTERED;
    metrics.workerEvent(w.name, "stopped");
    rebuildRoutable();
    return w;
  }

  private void rebuildRoutable() {
    routable.clear();
    for (WorkerEntry w : known.values()) if (w.state == WorkerState.ROUTABLE && w.isGreeted()) routable.add(w);
    routable.sort(ORDER);
    rebuildOpen();
  }

  private void rebuildOpen() {
    open.clear();
    for (WorkerEntry w : routable) {
      w.listedOpen = w.hasRoom();
      if (w.listedOpen) open.add(w);
    }
    for (WorkerEntry w : known.values()) if (w.state != WorkerState.ROUTABLE) w.listedOpen = false;
    strategies.workersChanged(open);
  }

  /** "Worker-1=2 Worker-2=0 ...": the routable workers' jobs in flight, for the job log. */
  String loads() {
    StringBuilder sb = new StringBuilder();
    for (WorkerEntry w : routable) {
      if (sb.length() > 0) sb.append(' ');
      sb.append(w.name).append('=').append(w.inFlight());
    }
    return sb.toString();
  }
}
