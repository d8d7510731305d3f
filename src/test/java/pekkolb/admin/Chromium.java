package pekkolb.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's headless Chromium, driven over the DevTools protocol (a WebSocket, with the JDK's own
 * client): evaluate JavaScript in the page and take screenshots. Closing it kills the browser and
 * every process it started, and deletes its profile.
 */
final class Chromium implements AutoCloseable {
  private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://([^/]+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final BlockingQueue<String> output = new LinkedBlockingQueue<>();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket page;

  private Chromium(Process process, Path profile) {
    this.process = process;
    this.profile = profile;
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) output.add(line);
      } catch (IOException ignored) {
        // the browser was killed
      }
    }, "chromium-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts the browser on {@code url} in a window of the given size and connects to the page. */
  static Chromium open(String url, int width, int height, Duration limit) throws Exception {
    Path profile = Files.createTempDirectory("pekkolb-chromium");
    Process p;
    try {
      p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
          "--disable-extensions", "--disable-background-networking", "--hide-scrollbars", "--remote-debugging-port=0",
          "--user-data-dir=" + profile, "--window-size=" + width + "," + height, "about:blank")
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError("cannot start chromium (Debian: apt-get install -y chromium; .ci/run installs it)", e);
    }
    Chromium c = new Chromium(p, profile);
    try {
      c.connect(limit);
      // Navigate only once connected, so no evaluation starts in a page that is still being replaced.
      c.call("Page.navigate", JSON.createObjectNode().put("url", url), limit);
    } catch (Exception | AssertionError e) {
      c.close();
      throw e;
    }
    return c;
  }

  private void connect(Duration limit) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    String hostPort = null;
    StringBuilder seen = new StringBuilder();
    while (hostPort == null) {
      String line = output.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) throw new AssertionError("chromium printed no DevTools address within " + limit + ":\n" + seen);
      seen.append(line).append('\n');
      Matcher m = DEVTOOLS.matcher(line);
      if (m.find()) hostPort = m.group(1);
    }
    HttpClient http = HttpClient.newHttpClient();
    String list = http.send(HttpRequest.newBuilder(URI.create("http://" + hostPort + "/json/list")).timeout(limit).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    String pageUrl = null;
    for (JsonNode target : JSON.readTree(list)) {
      if (target.get("type").asText().equals("page")) pageUrl = target.get("webSocketDebuggerUrl").asText();
    }
    if (pageUrl == null) throw new AssertionError("chromium has no page: " + list);
    page = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new Listener()).get(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Collects a message's frames and completes the call it answers. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(text.toString());
          CompletableFuture<JsonNode> call = message.has("id") ? pending.remove(message.get("id").asInt()) : null;
          if (call != null) call.complete(message);
        } catch (IOException e) {
          pending.values().forEach(f -> f.completeExceptionally(e));
        }
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }
  }

  private JsonNode call(String method, ObjectNode params, Duration limit) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", params);
    page.sendText(JSON.writeValueAsString(message), true).get(limit.toMillis(), TimeUnit.MILLISECONDS);
    JsonNode reply = answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    if (reply.has("error")) throw new AssertionError(method + " failed: " + reply.get("error"));
    return reply.get("result");
  }

  /**
   * Evaluates an expression in the page (awaiting it if it is a promise) and returns its value. An
   * evaluation cut short because the page's document was being replaced is tried again.
   */
  JsonNode evaluate(String expression, Duration limit) throws Exception {
    ObjectNode params = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true).put("returnByValue", true);
    long deadline = System.nanoTime() + limit.toNanos();
    JsonNode result;
    while (true) {
      try {
        result = call("Runtime.evaluate", params, limit);
        break;
      } catch (AssertionError e) {
        boolean replaced = String.valueOf(e.getMessage()).contains("context");
        if (!replaced || System.nanoTime() > deadline) throw e;
      }
    }
    if (result.has("exceptionDetails")) {
      JsonNode ex = result.get("exceptionDetails").path("exception");
      throw new AssertionError("in the page: " + ex.path("description").asText(result.get("exceptionDetails").toString()));
    }
    return result.get("result").get("value");
  }

  /** A PNG of what the page shows now. */
  byte[] screenshot(Duration limit) throws Exception {
    JsonNode result = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"), limit);
    return Base64.getDecoder().decode(result.get("data").asText());
  }

  @Override
  public void close() throws IOException {
    if (page != null) page.abort();
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (var files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }
}
