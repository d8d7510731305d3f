package pekkolb.broker;

import java.util.Locale;
import java.util.function.Consumer;
import pekkolb.LbSettings;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.Submit;

/**
 * What a broker checks before it takes a {@link Submit} on: the app type, the approach, the job
 * size (any cluster member may send a Submit, so the size is not trusted) and the broker's capacity:
 * requests held (lb.broker.max-in-flight) and, while no worker is listed, the waiting buffer.
 */
final class Admission {
  private final LbSettings settings;
  private final long maxSizeMillis;
  private final String sizeReason;

  Admission(LbSettings settings) {
    this.settings = settings;
    this.maxSizeMillis = settings.dispatch().maxJobSizeMillis();
    this.sizeReason = " ms is not -1 (the type's duration) or 0 .. " + maxSizeMillis + " ms (lb.broker.max-job-size = "
        + settings.dispatch().maxJobSize().toString().substring(2).toLowerCase(Locale.ROOT) + ")";
  }

  /** The request this Submit becomes, or null after telling {@code refuse} why not. */
  AcceptedRequest accept(Submit submit, long jobId, Jobs jobs, boolean noWorkers, long now, Consumer<String> refuse) {
    AppType type;
    Approach approach;
    try {
      type = AppType.parse(submit.appType());
      String a = submit.approach();
      approach = a == null || a.isEmpty() ? settings.defaultApproach() : Approach.parse(a);
    } catch (IllegalArgumentException bad) {
      refuse.accept(bad.getMessage());
      return null;
    }
    if (submit.sizeMillis() < -1 || submit.sizeMillis() > maxSizeMillis) {
      refuse.accept("job size " + submit.sizeMillis() + sizeReason);
      return null;
    }
    if (jobs.held() >= settings.maxInFlight()) {
      refuse.accept("overloaded: " + settings.maxInFlight() + " requests already in flight (lb.broker.max-in-flight)");
      return null;
    }
    if (noWorkers && jobs.waitingCount() >= settings.pendingBuffer()) {
      refuse.accept("no workers available and the waiting buffer is full (" + settings.pendingBuffer() + " requests)");
      return null;
    }
    return new AcceptedRequest(jobId, submit.requestId(), type, approach, submit.sizeMillis(), submit.replyTo(), now,
        expectedNanos(type, submit.sizeMillis()));
  }

  private long expectedNanos(AppType type, long sizeMillis) {
    // As settings.scaledNanos(Duration.ofMillis(...)), without allocating a Duration per request.
    return sizeMillis >= 0 ? (long) (sizeMillis * 1_000_000L * settings.timeScale()) : settings.scaledNanos(settings.jobDuration(type));
  }
}
