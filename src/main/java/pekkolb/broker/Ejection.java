package pekkolb.broker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import pekkolb.ResilienceSettings;
import pekkolb.routing.Routee;

/**
 * Outlier ejection and slow start, as Envoy's outlier detection: from each answer it keeps, per
 * worker, a recent failure share and latency relative to the job's expected time (counts that fade
 * over lb.broker.ejection.window), and now and then compares each worker with the median of its
 * peers. A far outlier takes no new jobs for base-time x (times ejected), at most max-share of the
 * workers at once. A worker that returns, or joins once jobs flow, is offered a share of new jobs
 * ramping from {@link #RAMP_FLOOR} to all over slow-start. Plain Java, owned by the broker's actor.
 */
final class Ejection {
  /** The smallest share a slow-starting worker is offered, so it is seen to work at all. */
  static final double RAMP_FLOOR = 0.1;
  /** Peers needed to judge anyone: a median of fewer is no standard. */
  static final int MIN_PEERS = 3;

  private static final class Record {
    double answers;
    double failures;
    double latencyRatios; // sum of latency / expected time, faded like the counts
    long stampNanos;
    int timesEjected;
    long ejectedUntil; // 0 = in rotation
    long rampFrom = Long.MIN_VALUE;
  }

  private final ResilienceSettings.Ejection settings;
  private final RandomGenerator random;
  private final Consumer<String> log;
  private final double windowNanos;
  private final long baseNanos;
  private final long slowStartNanos;
  private final double timeScale;
  private final Map<Routee, Record> records = new HashMap<>();
  private long nextCheck;
  private int ejectedNow;
  private int ramping;
  private long ejections;

  /**
   * @param timeScale lb.time-scale: the settings' durations are unscaled
   * @param log told one line per ejection (a warning)
   */
  Ejection(ResilienceSettings.Ejection settings, double timeScale, RandomGenerator random, Consumer<String> log) {
    this.settings = settings;
    this.random = random;
    this.log = log;
    this.windowNanos = settings.window().toNanos() * timeScale;
    this.baseNanos = (long) (settings.baseTime().toNanos() * timeScale);
    this.slowStartNanos = (long) (settings.slowStart().toNanos() * timeScale);
    this.timeScale = timeScale;
  }

  /** An answer from {@code w}: its latency over the job's expected time, and whether it failed through its own fault. */
  boolean enabled() {
    return settings.enabled();
  }

  void answered(Routee w, double latencyRatio, boolean fault, long now) {
    if (!settings.enabled()) return;
    Record r = records.computeIfAbsent(w, k -> new Record());
    fade(r, now);
    r.answers++;
    r.latencyRatios += latencyRatio;
    if (fault) r.failures++;
    if (now >= nextCheck) {
      nextCheck = now + (long) (windowNanos / 4);
      judge(now);
    }
  }

  private void fade(Record r, long now) {
    double keep = Math.exp(-Math.max(0, now - r.stampNanos) / windowNanos);
    r.answers *= keep;
    r.failures *= keep;
    r.latencyRatios *= keep;
    r.stampNanos = now;
  }

  /** Ejects the far outliers among the workers with enough recent answers, within max-share. */
  private void judge(long now) {
    List<Routee> judged = new ArrayList<>();
    for (Map.Entry<Routee, Record> e : records.entrySet()) {
      Record r = e.getValue();
      fade(r, now);
      if (r.ejectedUntil == 0 && r.answers >= settings.minAnswers()) judged.add(e.getKey());
    }
    if (judged.size() < MIN_PEERS) return;
    double[] failureShares = new double[judged.size()];
    double[] latencies = new double[judged.size()];
    for (int i = 0; i < judged.size(); i++) {
      Record r = records.get(judged.get(i));
      failureShares[i] = r.failures / r.answers;
      latencies[i] = r.latencyRatios / r.answers;
    }
    double failureMedian = median(failureShares);
    double latencyMedian = median(latencies);
    int allowed = Math.max(1, (int) (settings.maxShare() * records.size()));
    for (int i = 0; i < judged.size() && ejectedNow < allowed; i++) {
      boolean failing = failureShares[i] - failureMedian >= settings.failureMargin();
      boolean lagging = latencies[i] >= settings.latencyFactor() * latencyMedian;
      if (!failing && !lagging) continue;
      Record r = records.get(judged.get(i));
      eject(r, now);
      log.accept(String.format(java.util.Locale.ROOT,
          "%s ejected for %.1f s (ejection %d): failure share %.2f (peers' median %.2f), latency %.1fx its job time "
              + "(peers' median %.1fx)", judged.get(i).name(), baseNanos * r.timesEjected / 1e9 / timeScale,
          r.timesEjected, failureShares[i], failureMedian, latencies[i], latencyMedian));
    }
  }

  private void eject(Record r, long now) {
    r.timesEjected++;
    r.ejectedUntil = now + baseNanos * r.timesEjected;
    r.answers = r.failures = r.latencyRatios = 0; // judged afresh when it returns
    ejectedNow++;
    ejections++;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The workers a job may go to now: {@code open} without the ejected ones, without {@code avoid}
   * (the worker a retried or hedged job comes from; null for none) and, each with the chance of its
   * ramp, without slow-starting ones. If that leaves nobody, {@code open} itself: never refuse a job.
   */
  <W extends Routee> List<W> candidates(List<W> open, Routee avoid, long now) {
    if (settings.enabled()) admitNewcomers(open, now);
    if (ejectedNow == 0 && ramping == 0 && (avoid == null || open.size() < 2)) return open;
    List<W> out = new ArrayList<>(open.size());
    for (W w : open) {
      if (w != avoid && offered(records.get(w), now)) out.add(w);
    }
    return out.isEmpty() ? open : out;
  }

  /** The first workers seen start at full share; one seen later (a join) ramps up. */
  private void admitNewcomers(List<? extends Routee> open, long now) {
    if (records.size() == open.size() && records.keySet().containsAll(open)) return;
    boolean first = records.isEmpty();
    for (Routee w : open) {
      if (records.containsKey(w)) continue;
      Record r = new Record();
      r.stampNanos = now;
      if (!first && slowStartNanos > 0) startRamp(r, now);
      records.put(w, r);
    }
  }

  private void startRamp(Record r, long now) {
    r.rampFrom = now;
    ramping++;
  }

  /** Whether a job may go to the worker now: not ejected, and (while it ramps) by the chance of its ramp. */
  private boolean offered(Record r, long now) {
    if (r == null) return true;
    if (r.ejectedUntil != 0) {
      if (now < r.ejectedUntil) return false;
      r.ejectedUntil = 0; // back in rotation, slowly
      ejectedNow--;
      r.stampNanos = now;
      if (slowStartNanos > 0) startRamp(r, now);
    }
    if (r.rampFrom == Long.MIN_VALUE) return true;
    double share = (double) (now - r.rampFrom) / slowStartNanos;
    if (share >= 1) {
      r.rampFrom = Long.MIN_VALUE;
      ramping--;
      return true;
    }
    return random.nextDouble() < Math.max(RAMP_FLOOR, share);
  }

  int ejectedNow() {
    return ejectedNow;
  }

  /** Ejections so far, for the log and tests. */
  long ejections() {
    return ejections;
  }
}
