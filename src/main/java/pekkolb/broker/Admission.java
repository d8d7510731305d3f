package pekkolb.broker;

import java.util.Locale;
import org.apache.pekko.actor.typed.ActorRef;
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Reply;
import pekkolb.protocol.Submit;
import pekkolb.protocol.SubmitBatch;

/**
 * What a broker checks before it takes a {@link Submit} on: the app type, the approach, the job
 * size (any cluster member may send a Submit, so the size is not trusted) and the broker's capacity:
 * requests held (lb.broker.max-in-flight) and, while no worker is listed, the waiting buffer.
 */
final class Admission {
  private final LbSettings settings;
  private final long maxSizeMillis;
  private final String sizeReason;
  private final long[] typeNanos; // each app type's scaled duration, by ordinal
  private final AcceptedRequest scratch = AcceptedRequest.scratch();
  private String refusal;
  private String lastTypeText;
  private AppType lastType;
  private String lastApproachText;
  private Approach lastApproach;
  // What the last acceptsKind accepted.
  private AppType kindType;
  private Approach kindApproach;
  private long kindExpected;

  Admission(LbSettings settings) {
    this.settings = settings;
    this.typeNanos = java.util.Arrays.stream(AppType.values()).mapToLong(t -> settings.scaledNanos(settings.jobDuration(t))).toArray();
    this.maxSizeMillis = settings.dispatch().maxJobSizeMillis();
    this.sizeReason = " ms is not -1 (the type's duration) or 0 .. " + maxSizeMillis + " ms (lb.broker.max-job-size = "
        + settings.dispatch().maxJobSize().toString().substring(2).toLowerCase(Locale.ROOT) + ")";
  }

  /**
   * The request these fields of a Submit become, or null: then {@link #refusal()} says why not.
   * No object is made for a refusal's sake: this runs for every request. With {@code straightOn}
   * (it goes to a worker at once) the request is the broker's {@link AcceptedRequest#scratch}, filled
   * in place, unless it waits whatever happens (queue mode).
   */
  AcceptedRequest accept(long requestId, String appTypeText, String approachText, long sizeMillis, ActorRef<Reply> replyTo,
      Outbox.ClientAnswers batchTo, long jobId, Jobs jobs, boolean noWorkers, boolean straightOn, long now) {
    if (!acceptsKind(appTypeText, approachText, sizeMillis)) return null;
    if (jobs.held() >= settings.maxInFlight()) {
      refusal = "overloaded: " + settings.maxInFlight() + " requests already in flight (lb.broker.max-in-flight)";
      return null;
    }
    if (noWorkers && jobs.waitingCount() >= settings.pendingBuffer()) {
      refusal = "no workers available and the waiting buffer is full (" + settings.pendingBuffer() + " requests)";
      return null;
    }
    if (straightOn && !LateBinding.isFor(kindApproach)) {
      return scratch.reuse(jobId, requestId, kindType, kindApproach, sizeMillis, replyTo, batchTo, now, kindExpected);
    }
    return new AcceptedRequest(jobId, requestId, kindType, kindApproach, sizeMillis, replyTo, batchTo, now, kindExpected);
  }

  /**
   * Whether a request of this app type, approach and size may be taken on, room aside; if so
   * {@link #type()}, {@link #approach()} and {@link #expectedNanos()} are what it asks for, if not
   * {@link #refusal()} says why.
   */
  boolean acceptsKind(String appTypeText, String approachText, long sizeMillis) {
    try {
      kindType = appType(appTypeText);
      kindApproach = approach(approachText);
    } catch (IllegalArgumentException bad) {
      refusal = bad.getMessage();
      return false;
    }
    if (sizeMillis < -1 || sizeMillis > maxSizeMillis) {
      refusal = "job size " + sizeMillis + sizeReason;
      return false;
    }
    kindExpected = expectedNanos(kindType, sizeMillis);
    return true;
  }

  AppType type() {
    return kindType;
  }

  Approach approach() {
    return kindApproach;
  }

  long expectedNanos() {
    return kindExpected;
  }

  /**
   * One past the last entry of {@code b} from {@code from} on that asks for what entry {@code from}
   * asks (app type, approach, size): a run the broker can check once and take on together.
   */
  static int runEnd(SubmitBatch b, int from) {
    String type = b.appTypes()[from];
    String approach = b.approaches()[from];
    long size = b.sizeMillis()[from];
    int end = from + 1;
    while (end < b.size() && same(b.appTypes()[end], type) && same(b.approaches()[end], approach) && b.sizeMillis()[end] == size) end++;
    return end;
  }

  private static boolean same(String a, String b) {
    return a == b || a != null && a.equals(b); // a client's batch repeats one String: identity is the usual answer
  }

  /** Why the last {@link #accept} returned null. */
  String refusal() {
    return refusal;
  }

  // A batch names the same type and approach over and over: the last ones parsed are kept.
  private AppType appType(String text) {
    if (text == null || !text.equals(lastTypeText)) {
      lastType = AppType.parse(text);
      lastTypeText = text;
    }
    return lastType;
  }

  private Approach approach(String text) {
    if (text == null || text.isEmpty()) return settings.defaultApproach();
    if (!text.equals(lastApproachText)) {
      lastApproach = Approach.parse(text);
      lastApproachText = text;
    }
    return lastApproach;
  }

  private long expectedNanos(AppType type, long sizeMillis) {
    // As settings.scaledNanos(Duration.ofMillis(...)), without a Duration per request; a type's own once.
    return sizeMillis >= 0 ? (long) (sizeMillis * 1_000_000L * settings.timeScale()) : typeNanos[type.ordinal()];
  }
}
