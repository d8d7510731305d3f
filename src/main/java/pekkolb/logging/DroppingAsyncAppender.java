package pekkolb.logging;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.io.PrintStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands log events to a background writer and never waits for it: when the queue is full (the
 * output is a pipe nobody reads, a slow terminal) the event is dropped and counted, so an actor that
 * logs never blocks on I/O. The count goes to stderr, at most every 10 s and once at stop, from a
 * thread of its own, so that a blocked stderr blocks nobody either.
 */
public final class DroppingAsyncAppender extends AsyncAppender {
  private static final long REPORT_EVERY_SECONDS = 10;

  private final LongAdder dropped = new LongAdder();
  private final AtomicLong reported = new AtomicLong();
  private final PrintStream reportTo;
  private ScheduledExecutorService reporter;

  public DroppingAsyncAppender() {
    this(System.err);
  }

  DroppingAsyncAppender(PrintStream reportTo) {
    this.reportTo = reportTo;
    setNeverBlock(true);
    setDiscardingThreshold(0); // keep INFO until the queue is really full; then drop (and count) anything
  }

  /** Events dropped so far because the queue was full. */
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public void start() {
    super.start();
    reporter = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "log-drop-reporter");
      t.setDaemon(true);
      return t;
    });
    reporter.scheduleWithFixedDelay(this::report, REPORT_EVERY_SECONDS, REPORT_EVERY_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  protected void append(ILoggingEvent event) {
    // With neverBlock the base class drops silently on a full queue; checking first lets us count.
    // Two threads racing for the last slot may drop one uncounted: the count is a lower bound.
    if (isStarted() && getRemainingCapacity() == 0) {
      dropped.increment();
      return;
    }
    super.append(event);
  }

  @Override
  public void stop() {
    super.stop(); // waits up to maxFlushTime for the queue to drain
    if (reporter == null) return;
    reporter.execute(this::report);
    reporter.shutdown();
    try {
      reporter.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report() {
    long total = dropped.sum();
    long before = reported.getAndSet(total);
    if (total > before) {
      reportTo.printf("WARN log output is not keeping up: dropped %d log line(s) (%d in all)%n", total - before, total);
    }
  }
}
