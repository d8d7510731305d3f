package pekkolb.broker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import pekkolb.LbSettings;
import pekkolb.ResilienceSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.router.BalancerSettings;
import pekkolb.router.FreeSlotQueue;
import pekkolb.router.Hedging;
import pekkolb.router.Lane;
import pekkolb.router.OutlierEjection;
import pekkolb.router.Policies;
import pekkolb.router.Policy;
import pekkolb.router.ReportedWeights;
import pekkolb.router.Retries;

/**
 * The broker as the library's balancer is configured: a lane per approach (its policy, whether it is
 * hedged or waits for a free slot), in the order of {@link Approach}, and the balancer's settings from
 * {@code lb.broker} and {@code lb.routing}, durations scaled by {@code lb.time-scale}.
 */
final class Lanes {
  private Lanes() {}

  /** Quantile of recent latencies after which a hedged request gets its second copy. */
  static final double HEDGE_QUANTILE = 0.95;

  static List<Lane> of(LbSettings settings) {
    List<Lane> lanes = new ArrayList<>();
    for (Approach a : Approach.values()) {
      lanes.add(new Lane(a.wireName(), policy(a, settings), a == Approach.HEDGED_LEAST_CONNECTIONS, a == Approach.QUEUE));
    }
    return List.copyOf(lanes);
  }

  private static Policy policy(Approach approach, LbSettings settings) {
    return switch (approach) {
      case ROUND_ROBIN -> Policies.roundRobin();
      case LEAST_CONNECTIONS, HEDGED_LEAST_CONNECTIONS -> Policies.leastConnections();
      case RANDOM -> Policies.random();
      case POWER_OF_TWO -> Policies.powerOfTwoChoices();
      case WEIGHTED_ROUND_ROBIN -> Policies.weightedRoundRobin(ref -> settings.weightOf(ref.path().name()));
      case PEAK_EWMA -> Policies.peakEwma();
      // queue hands a job out only when a worker has a free slot (its lane waits); this picks among those.
      case LEAST_WORK, QUEUE -> Policies.leastWork();
      case PREQUAL -> Policies.prequal();
      case REPORTED_WEIGHTED_ROUND_ROBIN -> Policies.weightedRoundRobin(reportedWeights(settings));
    };
  }

  /** gRFC A58's terms, its durations on the run's time scale. */
  private static ReportedWeights reportedWeights(LbSettings s) {
    ReportedWeights a58 = ReportedWeights.defaults();
    return new ReportedWeights(scaled(s, a58.blackout()), scaled(s, a58.expiration()), scaled(s, a58.updatePeriod()), a58.errorPenalty());
  }

  static BalancerSettings settings(LbSettings s) {
    ResilienceSettings r = s.resilience();
    BalancerSettings b = BalancerSettings.defaults()
        .withMaxHeld(s.maxInFlight())
        .withWaitQueue(Integer.MAX_VALUE, scaled(s, s.pendingTimeout()))
        .withWaitQueueWithoutRoutees(s.pendingBuffer())
        .withDeadline(scaled(s, s.jobDeadlineMargin()), s.dispatch().deadlineFactor())
        .withRetries(new Retries(s.maxAttempts(), r.retryBudget(), r.retryBurst(), s.dispatch().redispatchBudget(),
            s.dispatch().redispatchFloor()))
        .withHedging(new Hedging(r.hedgeBudget(), HEDGE_QUANTILE))
        .withFreeSlotQueue(new FreeSlotQueue(s.queue().shortFirst(), scaled(s, s.queue().maxPassOver()),
            scaled(s, s.jobDuration(AppType.SHORT)), s.queue().reservedForShort(), scaled(s, s.queue().reservedUnlessFreeWithin())))
        .withReportedLoad(s.dispatch().sharing().reportedLoad())
        .withSubset(s.dispatch().sharing().subsetSize())
        .withReadyWhenTold(true)
        .withLatencyDecay(scaled(s, s.peakEwmaDecay()));
    if (r.ejection().enabled()) b = b.withOutlierEjection(ejection(s, r.ejection()));
    return b;
  }

  private static OutlierEjection ejection(LbSettings s, ResilienceSettings.Ejection e) {
    return new OutlierEjection(new OutlierEjection.Detection(scaled(s, e.window()), e.minAnswers(), e.failureMargin(), e.latencyFactor()),
        scaled(s, e.baseTime()), e.maxShare(), scaled(s, e.slowStart()));
  }

  private static Duration scaled(LbSettings s, Duration unscaled) {
    return Duration.ofNanos(s.scaledNanos(unscaled));
  }
}
