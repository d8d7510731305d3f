package pekkolb.broker;

import java.util.Arrays;
import java.util.Locale;
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;

/**
 * What a broker checks of a request before it takes it on: its app type, approach and job size (any
 * cluster member may send a Submit, so the size is not trusted). Room is the balancer's to judge.
 * A client's batch names the same kind over and over: the last one read is kept, so it is parsed once.
 */
final class Admission {
  private final LbSettings settings;
  private final long maxSizeMillis;
  private final String sizeReason;
  private final long[] typeNanos; // each app type's scaled duration, by ordinal
  private String refusal;
  private String lastType;
  private String lastApproach;
  private long lastSize;
  private Kind last;

  Admission(LbSettings settings) {
    this.settings = settings;
    this.typeNanos = Arrays.stream(AppType.values()).mapToLong(t -> settings.scaledNanos(settings.jobDuration(t))).toArray();
    this.maxSizeMillis = settings.dispatch().maxJobSizeMillis();
    this.sizeReason = " ms is not -1 (the type's duration) or 0 .. " + maxSizeMillis + " ms (lb.broker.max-job-size = "
        + settings.dispatch().maxJobSize().toString().substring(2).toLowerCase(Locale.ROOT) + ")";
  }

  /** The kind these fields of a request ask for; null if they are not valid, and then {@link #refusal()} says why. */
  Kind kind(String appTypeText, String approachText, long sizeMillis) {
    if (last != null && sizeMillis == lastSize && same(appTypeText, lastType) && same(approachText, lastApproach)) return last;
    AppType type;
    Approach approach;
    try {
      type = AppType.parse(appTypeText);
      approach = approachText == null || approachText.isEmpty() ? settings.defaultApproach() : Approach.parse(approachText);
    } catch (IllegalArgumentException bad) {
      refusal = bad.getMessage();
      return null;
    }
    if (sizeMillis < -1 || sizeMillis > maxSizeMillis) {
      refusal = "job size " + sizeMillis + sizeReason;
      return null;
    }
    long expected = sizeMillis >= 0 ? (long) (sizeMillis * 1_000_000L * settings.timeScale()) : typeNanos[type.ordinal()];
    last = new Kind(type, approach, sizeMillis, expected);
    lastType = appTypeText;
    lastApproach = approachText;
    lastSize = sizeMillis;
    return last;
  }

  private static boolean same(String a, String b) {
    return a == b || a != null && a.equals(b); // a client's batch repeats one String: identity is the usual answer
  }

  /** Why the last {@link #kind} returned null. */
  String refusal() {
    return refusal;
  }
}
