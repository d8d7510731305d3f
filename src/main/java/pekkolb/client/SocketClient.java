package pekkolb.client;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;

/**
 * The original client in Java, without blocking: one connection per request, the bare request
 * {@code AppID:<type>:<approach>} with no newline, then the whole answer until the gateway closes.
 */
public final class SocketClient {
  private SocketClient() {}

  public static CompletionStage<String> send(ActorSystem<?> system, InetSocketAddress gateway, String request, Duration timeout) {
    return Source.single(ByteString.fromString(request, StandardCharsets.US_ASCII))
        // Keep the sending side open (as the original did) until the answer has arrived.
        .concat(Source.maybe())
        .via(Tcp.get(system).outgoingConnection(gateway, Optional.empty(), java.util.List.of(), true,
            Optional.of(timeout), Optional.empty()))
        .completionTimeout(timeout)
        .runWith(Sink.fold(ByteString.emptyByteString(), ByteString::concat), system)
        .thenApply(bytes -> bytes.decodeString(StandardCharsets.UTF_8))
        .exceptionally(e -> "ERROR cannot reach the gateway at " + gateway.getHostString() + ":" + gateway.getPort()
            + ": " + rootMessage(e));
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** The request line of the original protocol, without a newline. */
  public static String request(String appType, String approach) {
    return approach == null ? "AppID:" + appType : "AppID:" + appType + ":" + approach;
  }
}
