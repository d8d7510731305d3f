package pekkolb.broker;

import org.slf4j.Logger;
import pekkolb.metrics.BrokerMetrics;
import pekkolb.router.BalancerListener;
import pekkolb.router.Failure;
import pekkolb.router.Routee;
import pekkolb.router.RouteeEvent;
import pekkolb.router.RouteeLoad;

/**
 * What the broker's balancer tells as it goes: counted in the broker's metrics (by worker, app type
 * and approach) and the workers' comings and goings logged. Rejections are counted where they are
 * answered ({@link Broker}), with their text.
 */
final class BrokerEvents implements BalancerListener<Origin> {
  private final BrokerMetrics metrics;
  private final Logger log;

  BrokerEvents(BrokerMetrics metrics, Logger log) {
    this.metrics = metrics;
    this.log = log;
  }

  private static WorkerLink link(RouteeLoad routee) {
    return (WorkerLink) ((Routee) routee).attachment();
  }

  @Override
  public void dispatched(RouteeLoad routee, Origin request) {
    WorkerLink w = link(routee);
    Kind k = request.kind();
    w.dispatchedByType[k.type().ordinal()]++;
    w.metrics.dispatched(k.type().wireName(), k.approach().wireName());
  }

  @Override
  public void replied(RouteeLoad routee, Origin request, long latencyNanos) {
    link(routee).metrics.completed(request.kind().approach().wireName(), latencyNanos);
  }

  @Override
  public void takenBack(RouteeLoad routee, Origin request, Failure.Reason why) {
    link(routee).metrics.takenBack(request.kind().approach().wireName());
    // A lost worker's jobs are logged together when it is lost; these come one by one.
    if (why == Failure.Reason.NO_REPLY) log.warn("no answer from {} within its deadline: a {} job taken back", routee.name(), request.kind().type().wireName());
    else if (why == Failure.Reason.ROUTEE_FAILED) log.info("{} failed a {} job through its own fault: trying another worker", routee.name(), request.kind().type().wireName());
  }

  @Override
  public void routeeChanged(RouteeLoad routee, RouteeEvent event, String detail) {
    Routee r = (Routee) routee;
    switch (event) {
      case JOINED -> log.info("worker joined: {} ({})", r.name(), r.ref().path());
      case READY -> {
        // Its answer to the broker's hello: logged, but no event of its own (it follows its join).
        log.info("worker {}: speed {}, slots {}, window {}", r.name(), r.speed(), r.slots(), r.limit());
        return;
      }
      case REACHABLE -> log.info("worker {} is back", r.name());
      case LEFT -> log.info("worker left the listing: {}; no new jobs, awaiting its {} job(s)", r.name(), r.inFlight());
      // Told before its jobs are taken back: how many are about to go elsewhere.
      case UNREACHABLE -> log.warn("worker {} is unreachable: taking back {} job(s)", r.name(), r.inFlight());
      case STOPPED -> {
        if (r.inFlight() > 0) log.warn("worker {} was lost: taking back {} job(s)", r.name(), r.inFlight());
        else log.debug("worker stopped: {}", r.name());
      }
      case EJECTED -> log.warn("{} ejected {}", r.name(), detail);
    }
    metrics.workerEvent(r.name(), label(event));
  }

  private static String label(RouteeEvent event) {
    return switch (event) {
      case REACHABLE -> "routable";
      case LEFT -> "deregistered";
      default -> event.label();
    };
  }
}
