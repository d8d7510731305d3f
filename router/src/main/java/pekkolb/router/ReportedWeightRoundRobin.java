package pekkolb.router;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Smooth weighted round robin over weights from what the routees report ({@link ReportedWeights}: gRFC
 * A58's formula, blackout and expiration). The weights are worked out again every update period;
 * between updates a pick is as cheap as static weighted round robin.
 */
final class ReportedWeightRoundRobin implements Policy.Picker {
  /** One routee's weight as its reports made it. */
  private static final class Weight {
    double weight;
    boolean reported; // a weight is known: nonEmptySince and lastUpdate are set
    long nonEmptySince;
    long lastUpdate;
    boolean seen; // a report was looked at: seenAt is set
    long seenAt; // when the last report looked at came
    double score; // smooth round robin's running score
    boolean fromColdStart; // it was there before any weight was in use: no blackout for it
  }

  private final long blackout;
  private final long expiration;
  private final long updatePeriod;
  private final double errorPenalty;
  private final Map<ActorRef<?>, Weight> weights = new HashMap<>();
  private Weight[] rotation = new Weight[0]; // in the order of the routees last seen
  private double[] used = new double[0]; // the weights in use since the last update
  private boolean updated;
  private long nextUpdate;
  private boolean weighted; // two weights or more are in use
  private final LeastConnections unweighted = new LeastConnections(0);

  ReportedWeightRoundRobin(ReportedWeights config) {
    this.blackout = config.blackout().toNanos();
    this.expiration = config.expiration().toNanos();
    this.updatePeriod = config.updatePeriod().toNanos();
    this.errorPenalty = config.errorPenalty();
  }

  @Override
  public void routeesChanged(List<? extends RouteeLoad> routees) {
    Map<ActorRef<?>, Weight> kept = new HashMap<>();
    rotation = new Weight[routees.size()];
    for (int i = 0; i < rotation.length; i++) {
      ActorRef<?> ref = routees.get(i).ref();
      Weight w = weights.get(ref);
      if (w == null) {
        w = new Weight();
        w.fromColdStart = !weighted;
      }
      rotation[i] = w;
      kept.put(ref, rotation[i]);
    }
    weights.clear();
    weights.putAll(kept);
    updated = false;
  }

  @Override
  public int pick(List<? extends RouteeLoad> routees, long nowNanos) {
    if (routees.size() != rotation.length) { // a subset: a retry avoiding a routee
      Map<ActorRef<?>, Weight> all = new HashMap<>(weights);
      routeesChanged(routees);
      weights.putAll(all);
    }
    if (!updated || nowNanos - nextUpdate >= 0) update(routees, nowNanos);
    // Until weights are in, the fewest in flight: as round robin while all hold alike, and a slow routee
    // that holds more gets fewer, where equal weights would give it its full share.
    if (!weighted) return unweighted.pick(routees, nowNanos);
    int best = 0;
    double total = 0;
    for (int i = 0; i < rotation.length; i++) {
      rotation[i].score += used[i];
      total += used[i];
      if (rotation[i].score > rotation[best].score) best = i;
    }
    rotation[best].score -= total;
    return best;
  }

  /**
   * Reads the reports that came since the last update, and works out the weights to use until the next.
   * The blackout holds a routee's first weight back while others' weights are in use, as A58's does (a
   * routee just started reports little); at a cold start, when no weight is in use yet, every routee is
   * new alike and its first reports are a better guess than weights all equal, so they count at once.
   */
  private void update(List<? extends RouteeLoad> routees, long nowNanos) {
    used = new double[rotation.length];
    double sum = 0;
    int known = 0;
    for (int i = 0; i < rotation.length; i++) {
      RouteeLoad r = routees.get(i);
      Weight w = rotation[i];
      Usage u = r.usage();
      if (u != null && (!w.seen || r.usageAtNanos() != w.seenAt)) {
        w.seen = true;
        w.seenAt = r.usageAtNanos();
        // A report of no work, or no time busy, says nothing of the routee's capacity: it is ignored.
        if (u.qps() > 0 && u.utilization() > 0) {
          w.weight = u.qps() / (u.utilization() + u.errorsPerSecond() / u.qps() * errorPenalty);
          if (!w.reported) w.nonEmptySince = w.seenAt;
          w.reported = true;
          w.lastUpdate = w.seenAt;
        }
      }
      if (w.reported && nowNanos - w.lastUpdate >= expiration) w.reported = false; // its blackout starts over
      if (w.reported && (w.fromColdStart || nowNanos - w.nonEmptySince >= blackout)) {
        used[i] = w.weight;
        sum += w.weight;
        known++;
      }
    }
    weighted = known >= 2; // else the picks go by the fewest in flight, and these weights are not read
    if (weighted) {
      double mean = sum / known;
      for (int i = 0; i < used.length; i++) if (used[i] == 0) used[i] = mean;
    }
    updated = true;
    nextUpdate = nowNanos + updatePeriod;
  }
}
