package pekkolb.router;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Outlier ejection and slow start ({@link OutlierEjection}): from each reply it keeps, per routee, a
 * recent failure share and latency relative to the request's expected work (counts that fade over the
 * window), and now and then compares each routee with the median of its peers. Plain Java, owned by a
 * balancer's actor. It decides; the balancer tells whoever listens.
 */
final class Ejection {
  /** The smallest share a slow-starting routee is offered, so it is seen to work at all. */
  static final double RAMP_FLOOR = 0.1;
  /** Peers needed to judge anyone: a median of fewer is no standard. */
  static final int MIN_PEERS = 3;

  /** What ejection knows of one routee (kept on it). */
  static final class Record {
    double replies;
    double failures;
    double latencyRatios; // sum of latency / expected work, faded like the counts
    long stampNanos;
    int timesEjected;
    long ejectedUntil; // 0 = in rotation
    long rampFrom = Long.MIN_VALUE;
  }

  /** A routee just ejected, and why: for the balancer's listener. */
  record Ejected(Routee routee, String why) {}

  private final OutlierEjection settings; // null: off
  private final RandomGenerator random;
  private final double windowNanos;
  private final long baseNanos;
  private final long slowStartNanos;
  private final List<Routee> tracked = new ArrayList<>();
  private long nextCheck;
  private int ejectedNow;
  private int ramping;

  Ejection(OutlierEjection settings, RandomGenerator random) {
    this.settings = settings;
    this.random = random;
    this.windowNanos = settings == null ? 1 : settings.detection().window().toNanos();
    this.baseNanos = settings == null ? 0 : settings.ejectFor().toNanos();
    this.slowStartNanos = settings == null ? 0 : settings.slowStart().toNanos();
  }

  boolean enabled() {
    return settings != null;
  }

  /**
   * A reply from {@code r}: its latency over the request's expected work, and whether it failed
   * through its own fault. Returns the routees this ejected (empty nearly always).
   */
  List<Ejected> replied(Routee r, double latencyRatio, boolean fault, long nowNanos) {
    if (settings == null) return List.of();
    Record rec = recordOf(r, nowNanos);
    fade(rec, nowNanos);
    rec.replies++;
    rec.latencyRatios += latencyRatio;
    if (fault) rec.failures++;
    if (nowNanos < nextCheck) return List.of();
    nextCheck = nowNanos + (long) (windowNanos / 4);
    return judge(nowNanos);
  }

  private Record recordOf(Routee r, long nowNanos) {
    if (r.ejection == null) {
      r.ejection = new Record();
      r.ejection.stampNanos = nowNanos;
      tracked.add(r);
    }
    return r.ejection;
  }

  private void fade(Record r, long nowNanos) {
    double keep = Math.exp(-Math.max(0, nowNanos - r.stampNanos) / windowNanos);
    r.replies *= keep;
    r.failures *= keep;
    r.latencyRatios *= keep;
    r.stampNanos = nowNanos;
  }

  /** Ejects the far outliers among the routees with enough recent replies, within the share allowed. */
  private List<Ejected> judge(long nowNanos) {
    List<Routee> judged = new ArrayList<>();
    for (Routee r : tracked) {
      fade(r.ejection, nowNanos);
      if (r.ejection.ejectedUntil == 0 && r.ejection.replies >= settings.detection().minReplies()) judged.add(r);
    }
    if (judged.size() < MIN_PEERS) return List.of();
    double[] failureShares = new double[judged.size()];
    double[] latencies = new double[judged.size()];
    for (int i = 0; i < judged.size(); i++) {
      Record rec = judged.get(i).ejection;
      failureShares[i] = rec.failures / rec.replies;
      latencies[i] = rec.latencyRatios / rec.replies;
    }
    double failureMedian = median(failureShares);
    double latencyMedian = median(latencies);
    int allowed = Math.max(1, (int) (settings.maxShare() * tracked.size()));
    List<Ejected> ejected = new ArrayList<>();
    for (int i = 0; i < judged.size() && ejectedNow < allowed; i++) {
      boolean failing = failureShares[i] - failureMedian >= settings.detection().failureMargin();
      boolean lagging = latencies[i] >= settings.detection().latencyFactor() * latencyMedian;
      if (!failing && !lagging) continue;
      Record rec = judged.get(i).ejection;
      eject(rec, nowNanos);
      ejected.add(new Ejected(judged.get(i), String.format(Locale.ROOT,
          "for %.1f s (ejection %d): failure share %.2f (peers' median %.2f), latency %.1fx its expected work "
              + "(peers' median %.1fx)", baseNanos * rec.timesEjected / 1e9, rec.timesEjected, failureShares[i],
          failureMedian, latencies[i], latencyMedian)));
    }
    return ejected;
  }

  private void eject(Record r, long nowNanos) {
    r.timesEjected++;
    r.ejectedUntil = nowNanos + baseNanos * r.timesEjected;
    r.replies = r.failures = r.latencyRatios = 0; // judged afresh when it returns
    ejectedNow++;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The routees a request may go to now: {@code open} without the ejected ones, without {@code avoid}
   * (the routee a retried or hedged request comes from; null for none) and, each with the chance of its
   * ramp, without slow-starting ones. If that leaves nobody, {@code open} itself: never refuse a request.
   */
  List<Routee> candidates(List<Routee> open, Routee avoid, long nowNanos) {
    if (settings != null) admitNewcomers(open, nowNanos);
    if (ejectedNow == 0 && ramping == 0 && (avoid == null || open.size() < 2)) return open;
    List<Routee> out = new ArrayList<>(open.size());
    for (Routee r : open) {
      if (r != avoid && offered(r.ejection, nowNanos)) out.add(r);
    }
    return out.isEmpty() ? open : out;
  }

  /** The first routees seen start at full share; one seen later (a join) ramps up. */
  private void admitNewcomers(List<Routee> open, long nowNanos) {
    boolean first = tracked.isEmpty();
    for (Routee r : open) {
      if (r.ejection != null) continue;
      Record rec = recordOf(r, nowNanos);
      if (!first && slowStartNanos > 0) startRamp(rec, nowNanos);
    }
  }

  /** {@code r} is gone for good: it is judged no more. */
  void forget(Routee r) {
    if (r.ejection == null) return;
    if (r.ejection.ejectedUntil != 0) ejectedNow--;
    if (r.ejection.rampFrom != Long.MIN_VALUE) ramping--;
    tracked.remove(r);
    r.ejection = null;
  }

  private void startRamp(Record r, long nowNanos) {
    r.rampFrom = nowNanos;
    ramping++;
  }

  /** Whether a request may go to the routee now: not ejected, and (while it ramps) by the chance of its ramp. */
  private boolean offered(Record r, long nowNanos) {
    if (r == null) return true;
    if (r.ejectedUntil != 0) {
      if (nowNanos < r.ejectedUntil) return false;
      r.ejectedUntil = 0; // back in rotation, slowly
      ejectedNow--;
      r.stampNanos = nowNanos;
      if (slowStartNanos > 0) startRamp(r, nowNanos);
    }
    if (r.rampFrom == Long.MIN_VALUE) return true;
    double share = (double) (nowNanos - r.rampFrom) / slowStartNanos;
    if (share >= 1) {
      r.rampFrom = Long.MIN_VALUE;
      ramping--;
      return true;
    }
    return random.nextDouble() < Math.max(RAMP_FLOOR, share);
  }

  /** Whether {@code r} is out of rotation at {@code nowNanos}. */
  boolean ejected(Routee r, long nowNanos) {
    return r.ejection != null && r.ejection.ejectedUntil > nowNanos;
  }

  int ejectedNow() {
    return ejectedNow;
  }
}
