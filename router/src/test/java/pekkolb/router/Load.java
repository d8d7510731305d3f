package pekkolb.router;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;

/** A routee as a policy sees it, with its load set by the test. */
final class Load implements RouteeLoad {
  final String name;
  int inFlight;
  /** Other balancers' requests there, on top of {@link #inFlight} (reported load). */
  int others;
  int slots;
  double workLeft;
  /** What it last reported of its work, and when (weighted round robin from reported usage). */
  Usage usage;
  long usageAt;
  final PeakEwma latency = new PeakEwma(TimeUnit.SECONDS.toNanos(10), 0);

  Load(String name) {
    this.name = name;
  }

  static List<Load> routees(int n) {
    List<Load> list = new ArrayList<>();
    for (int i = 1; i <= n; i++) list.add(new Load("worker-" + i));
    return list;
  }

  @Override
  public ActorRef<?> ref() {
    return Refs.named(name);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int inFlight() {
    return inFlight;
  }

  @Override
  public int load() {
    return inFlight + others;
  }

  @Override
  public double latencyNanos(long nowNanos) {
    return latency.estimate(nowNanos);
  }

  @Override
  public double lastLatencyNanos() {
    return latency.lastEstimate();
  }

  @Override
  public int slots() {
    return slots;
  }

  @Override
  public double workLeftNanos(long nowNanos) {
    return workLeft;
  }

  @Override
  public Usage usage() {
    return usage;
  }

  @Override
  public long usageAtNanos() {
    return usageAt;
  }

  /** It reports {@code usage} at {@code nowNanos}. */
  void report(Usage usage, long nowNanos) {
    this.usage = usage;
    this.usageAt = nowNanos;
  }
}
