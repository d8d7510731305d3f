package pekkolb.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import pekkolb.protocol.AppType;
import pekkolb.protocol.Approach;
import pekkolb.protocol.WireName;

/**
 * Cuts one connection's bytes into requests of the original text protocol. Plain Java, one per
 * connection, fed chunk by chunk.
 *
 * <p>A request is {@code AppID:<type>[:<approach>]}. It ends at a newline (several may share a
 * connection), or it comes bare, as the original client sends it: no newline, then it waits for the
 * answer. A bare request is recognised the moment the bytes received form a complete valid request,
 * with no waiting; bytes that can no longer become a valid request are answered with an error at once.
 * Once a connection has sent a newline it is in line mode for good: text without its newline waits
 * for it (or for the idle timeout). A {@code \r} at the end of a chunk waits for the next byte, which
 * may be the {@code \n} of a {@code \r\n}. One ambiguity remains: a first bare request split exactly
 * after its type ({@code AppID:Short} then {@code :random}) is served as {@code AppID:Short}.
 */
final class RequestFramer {

  /** What the gateway must do next for this connection. */
  sealed interface Frame {
    /** The connection is closed after this frame's answer. */
    boolean closes();

    /** The answer is followed by a newline (line mode) or not (bare, as the original broker). */
    boolean newline();
  }

  /** A well-formed request; a null approach means the configured default. */
  record Request(String appType, String approach, boolean bare) implements Frame {
    @Override public boolean closes() { return bare; }
    @Override public boolean newline() { return !bare; }
  }

  /** Input that gets {@code ERROR <reason>} without reaching the broker. */
  record Failure(String reason, boolean closes, boolean newline) implements Frame {}

  static final String PREFIX = "AppID:";
  static final String EXPECTED = "expected AppID:<" + String.join("|", names(AppType.values())) + ">[:<approach>]";

  /** Every complete valid request: a bare buffer that is a prefix of one of these may still grow. */
  private static final List<String> VALID = validRequests();

  private final int maxLineLength;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private boolean closed;
  private boolean lineMode;

  RequestFramer(int maxLineLength) {
    this.maxLineLength = maxLineLength;
  }

  /** Feeds the next chunk received; returns the frames it completes, in order. */
  List<Frame> accept(byte[] chunk) {
    List<Frame> frames = new ArrayList<>(1);
    if (closed) return frames;
    pending.write(chunk, 0, chunk.length);
    byte[] buf = pending.toByteArray();
    int start = 0;
    for (int i = 0; i < buf.length && !closed; i++) {
      if (buf[i] != '\n') continue;
      lineMode = true;
      int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
      if (end - start > maxLineLength) {
        frames.add(tooLong(true));
      } else if (end > start) {
        frames.add(parse(buf, start, end, false));
      }
      start = i + 1;
    }
    pending.reset();
    if (closed) return frames;
    int rest = buf.length - start;
    if (rest > maxLineLength) {
      frames.add(tooLong(false));
    } else if (rest > 0 && (lineMode || buf[buf.length - 1] == '\r')) {
      pending.write(buf, start, rest); // the newline is still to come
    } else if (rest > 0) {
      Frame bare = parse(buf, start, buf.length, true);
      if (bare instanceof Request || !couldGrow(buf, start, buf.length)) {
        closed = true; // a bare request is the connection's last, as in the original protocol
        frames.add(bare);
      } else {
        pending.write(buf, start, rest);
      }
    }
    return frames;
  }

  /** The client finished sending: whatever is left is its last request, answered as its mode says. */
  List<Frame> finish() {
    if (closed || pending.size() == 0) return List.of();
    byte[] rest = pending.toByteArray();
    pending.reset();
    closed = true;
    int end = rest[rest.length - 1] == '\r' ? rest.length - 1 : rest.length;
    return end == 0 ? List.of() : List.of(parse(rest, 0, end, !lineMode));
  }

  /** Nothing arrived for the idle timeout: the connection is answered and closed. */
  List<Frame> idle(java.time.Duration timeout) {
    if (closed) return List.of();
    closed = true;
    return List.of(new Failure(
        "idle timeout: no complete request within " + timeout.toSeconds() + " s (lb.gateway.idle-timeout)", true, true));
  }

  private Frame tooLong(boolean newline) {
    closed = true; // no way to tell where the next request would start
    return new Failure("request longer than " + maxLineLength + " bytes (lb.gateway.max-line-length)", true, newline);
  }

  private Frame parse(byte[] buf, int from, int to, boolean bare) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(buf, from, to - from))
          .toString();
    } catch (CharacterCodingException e) {
      return new Failure("invalid UTF-8 in request", bare, !bare);
    }
    if (!text.startsWith(PREFIX)) return malformed(text, bare);
    String[] parts = text.substring(PREFIX.length()).split(":", -1);
    if (parts.length > 2) return malformed(text, bare);
    try {
      AppType.parse(parts[0]);
      String approach = parts.length == 2 && !parts[1].isEmpty() ? parts[1] : null;
      if (approach != null) Approach.parse(approach);
      return new Request(parts[0], approach, bare);
    } catch (IllegalArgumentException e) {
      return new Failure(e.getMessage(), bare, !bare);
    }
  }

  private static Failure malformed(String text, boolean bare) {
    return new Failure("malformed request '" + WireName.printable(text) + "' (" + EXPECTED + ")", bare, !bare);
  }

  private static boolean couldGrow(byte[] buf, int from, int to) {
    String text = new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    for (String valid : VALID) if (valid.length() > text.length() && valid.startsWith(text)) return true;
    return false;
  }

  private static List<String> validRequests() {
    List<String> all = new ArrayList<>();
    for (AppType t : AppType.values()) {
      all.add(PREFIX + t.wireName());
      for (Approach a : Approach.values()) all.add(PREFIX + t.wireName() + ":" + a.wireName());
    }
    return List.copyOf(all);
  }

  private static String[] names(AppType[] types) {
    String[] names = new String[types.length];
    for (int i = 0; i < types.length; i++) names[i] = types[i].wireName();
    return names;
  }
}
