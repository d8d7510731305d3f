package pekkolb.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import pekkolb.LbSettings;
import pekkolb.client.LbClient;

/**
 * One client connection: bytes in, requests asked of the brokers, answers out in request order, then
 * closed after a bare request or an unrecoverable error. At most lb.gateway.parallelism requests are
 * owed at once; past that it stops reading (the client's writes back up in TCP), and it has at most
 * one write in the kernel at a time (the rest waits for it to complete, so a client that does not
 * read cannot make the gateway buffer without bound). Everything here runs on the connection's
 * event loop; answers from the brokers are handed to it.
 */
final class Connection extends ChannelInboundHandlerAdapter {

  /** A frame and, once known, the text of its answer; answers leave in the order frames arrived. */
  private static final class Slot {
    final RequestFramer.Frame frame;
    String answer;

    Slot(RequestFramer.Frame frame) {
      this.frame = frame;
    }
  }

  private final Gateway gateway;
  private final LbSettings settings;
  private final LbSettings.Gateway g;
  private final RequestFramer framer;
  private final ConnectionState state;
  private final ArrayDeque<Slot> owed = new ArrayDeque<>();
  /** Requests framed but not yet asked: at most lb.gateway.parallelism are at the brokers at once. */
  private final ArrayDeque<Slot> notAsked = new ArrayDeque<>();
  private Channel channel;
  private ScheduledFuture<?> idleCheck;
  private int asked;
  private boolean writing; // a write is not yet in the kernel
  private boolean reading = true;
  private boolean inputDone; // the client shut down its sending side
  private boolean closing;
  private boolean ended; // the socket is closed: answers that still come are dropped

  Connection(Gateway gateway) {
    this.gateway = gateway;
    this.settings = gateway.settings();
    this.g = settings.gateway();
    this.framer = new RequestFramer(g.maxLineLength());
    this.state = gateway.newConnectionState();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    // Silence is checked a few times per idle timeout; a silent connection owed no answer gets an error.
    long every = g.idleTimeout().dividedBy(4).toNanos();
    idleCheck = ctx.executor().scheduleWithFixedDelay(this::checkIdle, every, every, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ended = true;
    if (idleCheck != null) idleCheck.cancel(false);
    gateway.connectionEnded(state.closed());
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf data = (ByteBuf) msg;
    try {
      if (closing) return;
      state.received();
      take(framer.accept(ByteBufUtil.getBytes(data)));
    } finally {
      data.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event instanceof ChannelInputShutdownEvent) {
      inputDone = true;
      take(framer.finish());
    }
  }

  /** A reset or a failed read or write: nothing more can reach this client. */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  private void checkIdle() {
    if (!closing && state.idleFor(g.idleTimeout())) take(framer.idle(g.idleTimeout()));
  }

  private void take(List<RequestFramer.Frame> frames) {
    state.framed(frames);
    for (RequestFramer.Frame frame : frames) {
      Slot slot = new Slot(frame);
      owed.add(slot);
      if (frame instanceof RequestFramer.Failure f) {
        slot.answer = "ERROR " + f.reason();
      } else {
        notAsked.add(slot);
      }
    }
    askWhatFits();
    flush();
  }

  private void askWhatFits() {
    while (asked < g.parallelism() && !notAsked.isEmpty()) {
      Slot slot = notAsked.poll();
      RequestFramer.Request r = (RequestFramer.Request) slot.frame;
      asked++;
      LbClient.viaPool(gateway.broker(), gateway.system().scheduler(), r.appType(), r.approach(), settings)
          .whenComplete((reply, error) -> {
            String text = reply != null ? reply.text() : "ERROR failed: " + error;
            channel.eventLoop().execute(() -> answered(slot, text));
          });
    }
  }

  private void answered(Slot slot, String text) {
    if (ended) return; // its account was settled when the socket closed
    slot.answer = text;
    asked--;
    askWhatFits();
    flush();
  }

  /** Writes the answers ready at the head of the line, in one write; closes when the last is out. */
  private void flush() {
    if (closing) return;
    if (!writing) {
      StringBuilder out = new StringBuilder();
      boolean closeAfter = false;
      while (!owed.isEmpty() && owed.peek().answer != null) {
        Slot s = owed.poll();
        out.append(s.answer);
        if (s.frame.newline()) out.append('\n');
        if (s.frame instanceof RequestFramer.Request && state.answered() == 0) gateway.checkDrained();
        if (s.frame.closes()) {
          closeAfter = true;
          break;
        }
      }
      ChannelFuture written = null;
      if (out.length() > 0) {
        written = channel.writeAndFlush(ByteBufUtil.writeUtf8(channel.alloc(), out));
        writing = true;
      }
      if (closeAfter || (inputDone && owed.isEmpty())) {
        closing = true; // what else is owed is never answered: the client said it was done, or must be cut off
        if (written == null) channel.close();
        else written.addListener(ChannelFutureListener.CLOSE);
        return;
      }
      if (written != null) written.addListener(this::writeDone);
    }
    boolean read = owed.size() < g.parallelism();
    if (read != reading) {
      reading = read;
      channel.config().setAutoRead(read);
    }
  }

  private void writeDone(io.netty.util.concurrent.Future<? super Void> f) {
    writing = false;
    if (!f.isSuccess()) {
      channel.close();
      return;
    }
    flush();
  }
}
