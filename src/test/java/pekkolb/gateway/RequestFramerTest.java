package pekkolb.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pekkolb.gateway.RequestFramer.Failure;
import pekkolb.gateway.RequestFramer.Request;

/** Cutting bytes into requests, without sockets or actors. */
class RequestFramerTest {

  private final RequestFramer framer = new RequestFramer(1024);

  private List<RequestFramer.Frame> feed(String text) {
    return framer.accept(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aBareRequestIsCompleteAtOnce() {
    assertEquals(List.of(new Request("Long", "least_connections", true)), feed("AppID:Long:least_connections"));
    assertEquals(List.of(), feed("AppID:Short\n"), "nothing after a bare request: the connection closes");
  }

  @Test
  void aBareRequestWithoutApproachUsesTheDefault() {
    assertEquals(List.of(new Request("Short", null, true)), feed("AppID:Short"));
  }

  @Test
  void aBareRequestSplitAcrossChunksWaitsUntilComplete() {
    assertEquals(List.of(), feed("AppI"));
    assertEquals(List.of(), feed("D:Lo"));
    assertEquals(List.of(), feed("ng:least_conn"));
    assertEquals(List.of(new Request("Long", "least_connections", true)), feed("ections"));
  }

  @Test
  void pipelinedLinesComeOutInOrderAndTheConnectionStaysOpen() {
    List<RequestFramer.Frame> frames = feed("AppID:Short\r\nAppID:Long:round_robin\nAppID:Sho");
    assertEquals(List.of(new Request("Short", null, false), new Request("Long", "round_robin", false)), frames);
    assertEquals(List.of(new Request("Short", "peak_ewma", false)), feed("rt:peak_ewma\n"));
    assertTrue(frames.stream().noneMatch(RequestFramer.Frame::closes));
  }

  @Test
  void badLinesGetAnErrorAndTheNextLineIsStillServed() {
    List<RequestFramer.Frame> frames = feed("hello\nAppID:Medium\nAppID:Long:fastest\nAppID:Long\n");
    assertEquals(4, frames.size());
    assertEquals(new Failure("malformed request 'hello' (expected AppID:<Long|Short>[:<approach>])", false, true), frames.get(0));
    assertEquals(new Failure("unknown app type 'Medium' (allowed: Long, Short)", false, true), frames.get(1));
    assertTrue(((Failure) frames.get(2)).reason().startsWith("unknown approach 'fastest' (allowed: round_robin"));
    assertEquals(new Request("Long", null, false), frames.get(3));
  }

  @Test
  void bareGarbageIsAnsweredAtOnceAndCloses() {
    List<RequestFramer.Frame> frames = feed("GET / HTTP/1.1");
    assertEquals(List.of(new Failure("malformed request 'GET / HTTP/1.1' (expected AppID:<Long|Short>[:<approach>])", true, false)), frames);
  }

  @Test
  void tooLongIsRefusedWithOrWithoutNewline() {
    String big = "A".repeat(1025);
    assertEquals(List.of(new Failure("request longer than 1024 bytes (lb.gateway.max-line-length)", true, true)), feed(big + "\n"));
    RequestFramer other = new RequestFramer(1024);
    assertEquals(1, other.accept("AppID:".concat("x".repeat(600)).getBytes(StandardCharsets.UTF_8)).size());
  }

  @Test
  void invalidUtf8IsRefused() {
    List<RequestFramer.Frame> frames = framer.accept(new byte[] {'A', 'p', 'p', (byte) 0xff, '\n'});
    assertEquals(List.of(new Failure("invalid UTF-8 in request", false, true)), frames);
  }

  @Test
  void controlCharactersAreEscapedInErrors() {
    Failure f = (Failure) feed("\u0001\u0002bad\n").get(0);
    assertTrue(f.reason().startsWith("malformed request '\\x01\\x02bad'"), f.reason());
  }

  @Test
  void endOfInputTurnsTheRestIntoABareRequest() {
    assertEquals(List.of(), feed("AppID:Sh"));
    assertEquals(List.of(new Failure("unknown app type 'Sh' (allowed: Long, Short)", true, false)), framer.finish());
  }

  @Test
  void idleClosesWithAReason() {
    assertEquals(List.of(), feed("AppID:Lo"));
    assertEquals(List.of(new Failure("idle timeout: no complete request within 30 s (lb.gateway.idle-timeout)", true, true)),
        framer.idle(Duration.ofSeconds(30)));
  }

  @Test
  void onceANewlineWasSeenTextWithoutItsNewlineWaitsForIt() {
    assertEquals(List.of(new Request("Short", "round_robin", false)), feed("AppID:Short:round_robin\nAppID:Short:random"));
    assertEquals(List.of(new Request("Short", "random", false), new Request("Short", null, false)), feed("\nAppID:Short\n"));
  }

  @Test
  void aCarriageReturnAtTheEndOfAChunkWaitsForItsNewline() {
    assertEquals(List.of(), feed("AppID:Short:round_robin\r"));
    assertEquals(List.of(new Request("Short", "round_robin", false)), feed("\n"));
    assertEquals(List.of(), feed("AppID:Long\r"));
    assertEquals(List.of(new Request("Long", null, false)), feed("\n"));
  }

  @Test
  void aLineModeConnectionThatEndsWithoutNewlineGetsALineAnswer() {
    assertEquals(1, feed("AppID:Short\nAppID:Long").size());
    assertEquals(List.of(new Request("Long", null, false)), framer.finish());
  }
}
