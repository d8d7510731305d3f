package pekkolb.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the gateway's listening socket. When accept fails (at the open-file limit: "Too many open
 * files") it stops accepting, so the loop does not retry at once and spin; new clients wait in the
 * kernel's listen queue. It accepts again when one of the gateway's connections closes, or after
 * {@link #RETRY} in case a descriptor was freed elsewhere in the process. It logs the first stop, and
 * after that at most one line per {@link #LOG_EVERY}.
 */
final class AcceptGate extends ChannelInboundHandlerAdapter {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  static final Duration RETRY = Duration.ofSeconds(1);
  static final Duration LOG_EVERY = Duration.ofMinutes(1);

  private final long maxOpenFiles;
  private volatile Channel server;
  private volatile boolean paused;
  // Touched on the listening socket's event loop only.
  private long pausesNotLogged;
  private long lastLogNanos;
  private boolean loggedOnce;

  /** @param maxOpenFiles the process's open-file limit, for the log line (-1: unknown) */
  AcceptGate(long maxOpenFiles) {
    this.maxOpenFiles = maxOpenFiles;
  }

  @Override
  public void channelRegistered(ChannelHandlerContext ctx) {
    server = ctx.channel();
    ctx.fireChannelRegistered();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (!(cause instanceof IOException)) {
      ctx.fireExceptionCaught(cause);
      return;
    }
    if (paused) return;
    paused = true;
    ctx.channel().config().setAutoRead(false);
    ctx.executor().schedule(this::resume, RETRY.toMillis(), TimeUnit.MILLISECONDS);
    logPause(cause);
  }

  /** One of the gateway's connections closed: its descriptor is free for the next client. */
  void descriptorFreed() {
    Channel s = server;
    if (paused && s != null) s.eventLoop().execute(this::resume);
  }

  private void resume() {
    if (!paused) return;
    paused = false;
    server.config().setAutoRead(true);
  }

  private void logPause(Throwable cause) {
    long now = System.nanoTime();
    if (loggedOnce && now - lastLogNanos < LOG_EVERY.toNanos()) {
      pausesNotLogged++;
      return;
    }
    String limit = maxOpenFiles > 0 ? String.format("%,d", maxOpenFiles) : "unknown";
    if (!loggedOnce) {
      log.warn("gateway: cannot accept ({}; open-file limit {}, ulimit -n): not accepting until a connection "
          + "closes; new clients wait in the listen queue", cause.getMessage(), limit);
    } else {
      log.warn("gateway: still at the open-file limit ({}): stopped accepting {} more time(s) in the last {} s",
          limit, pausesNotLogged + 1, (now - lastLogNanos) / 1_000_000_000L);
    }
    loggedOnce = true;
    lastLogNanos = now;
    pausesNotLogged = 0;
  }
}
