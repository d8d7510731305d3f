package pekkolb.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** An output that never moves (a pipe nobody reads) must cost the logging thread nothing. */
class DroppingAsyncAppenderTest {

  /** Stands for a full pipe: the first write blocks until released; the rest are counted. */
  private static final class StuckOutput extends AppenderBase<ILoggingEvent> {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger written = new AtomicInteger();

    @Override
    protected void append(ILoggingEvent e) {
      try {
        release.await();
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
      written.incrementAndGet();
    }
  }

  @Test
  void aStuckOutputDropsAndCountsInsteadOfBlocking() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    StuckOutput output = new StuckOutput();
    output.setContext(context);
    output.start();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    DroppingAsyncAppender appender = new DroppingAsyncAppender(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    appender.setContext(context);
    appender.setQueueSize(16);
    appender.addAppender(output);
    appender.start();

    assertTrue(appender.isStarted(), context.getStatusManager().getCopyOfStatusList().toString());
    int lines = 10_000;
    for (int i = 0; i < lines; i++) {
      appender.doAppend(new LoggingEvent("test", context.getLogger("broker"), Level.INFO, "job " + i, null, null));
    }
    // Every call returned although nothing was written: kept are at most a full queue (16), the batch
    // the writer drained before it got stuck (16), the one event it took first, and an event that
    // slipped in while the writer drained: 3 queues' worth is a safe bound (once 33 were kept).
    assertTrue(appender.dropped() >= lines - 3 * 16, "dropped " + appender.dropped());

    output.release.countDown();
    appender.stop();
    assertEquals(lines - appender.dropped(), output.written.get(), "what was not dropped is written");
    assertEquals("WARN log output is not keeping up: dropped " + appender.dropped() + " log line(s) ("
        + appender.dropped() + " in all)" + System.lineSeparator(), stderr.toString(StandardCharsets.UTF_8));
  }
}
