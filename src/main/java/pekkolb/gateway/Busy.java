package pekkolb.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/** A connection past lb.gateway.max-connections: told {@code ERROR busy}, then closed. */
@ChannelHandler.Sharable
final class Busy extends ChannelInboundHandlerAdapter {
  static final Busy INSTANCE = new Busy();
  private static final byte[] BUSY = "ERROR busy\n".getBytes(StandardCharsets.US_ASCII);

  private Busy() {}

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    ctx.writeAndFlush(Unpooled.wrappedBuffer(BUSY)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    io.netty.util.ReferenceCountUtil.release(msg); // whatever it sent goes unread
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
