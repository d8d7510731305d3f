package pekkolb.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.marshalling.sse.EventStreamMarshalling;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.sse.ServerSentEvent;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import pekkolb.LbSettings;
import pekkolb.protocol.BrokerMessage;
import pekkolb.metrics.Metrics;

/**
 * The admin endpoint: {@code /metrics} (Prometheus text), {@code /status} (JSON), {@code /ready}
 * and {@code /alive} (Kubernetes-style probes), {@code /events} (the status as server-sent events,
 * every push interval) and the live dashboard at {@code /}. Any other path is a plain 404.
 */
public final class AdminServer extends AllDirectives {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatusSource source;
  private final Metrics metrics;
  private final Duration pushInterval;
  private final byte[] page = dashboardPage();
  private ServerBinding binding;

  private AdminServer(ActorSystem<?> system, List<ActorRef<BrokerMessage>> brokers, LbSettings.Admin admin) {
    this.source = new StatusSource(system, brokers, admin.pushInterval(), admin.window());
    this.metrics = Metrics.get(system);
    this.pushInterval = admin.pushInterval();
  }

  /**
   * Binds at {@code lb.admin.host:port} and waits for the binding; empty when the port is 0 (off).
   * Describes every broker of {@code brokers} (this node's). Throws when the address cannot be bound.
   */
  public static Optional<AdminServer> start(ActorSystem<?> system, List<ActorRef<BrokerMessage>> brokers,
      LbSettings settings) {
    LbSettings.Admin admin = settings.admin();
    if (admin.port() == 0) return Optional.empty();
    AdminServer server = new AdminServer(system, brokers, admin);
    try {
      server.binding = Http.get(system).newServerAt(admin.host(), admin.port()).bind(server.routes())
          .toCompletableFuture().join();
    } catch (RuntimeException e) {
      server.source.stop();
      throw e;
    }
    server.binding.addToCoordinatedShutdown(Duration.ofSeconds(1), system);
    return Optional.of(server);
  }

  /** The dashboard's address, e.g. {@code http://127.0.0.1:8558/}. */
  public String url() {
    return "http://" + binding.localAddress().getHostString() + ":" + binding.localAddress().getPort() + "/";
  }

  public CompletionStage<?> stop() {
    source.stop();
    return binding.unbind();
  }

  Route routes() {
    return get(() -> concat(
        pathSingleSlash(() -> complete(HttpEntities.create(ContentTypes.TEXT_HTML_UTF8, page))),
        path("metrics", () -> complete(HttpEntities.create(ContentTypes.TEXT_PLAIN_UTF8, metrics.prometheusText()))),
        path("status", () -> completeWithFuture(source.status()
            .thenApply(s -> HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, json(s)))
            .exceptionally(e -> unavailable("a broker did not answer: " + e.getMessage())))),
        path("ready", () -> completeWithFuture(source.status()
            .thenApply(s -> s.ready() ? HttpResponse.create().withEntity("ready\n")
                : unavailable("no routable worker"))
            .exceptionally(e -> unavailable("a broker did not answer: " + e.getMessage())))),
        path("alive", () -> complete("alive\n")),
        path("events", () -> completeOK(events(), EventStreamMarshalling.toEventStream()))));
  }

  /** The status every push interval while the page is open; a missed answer is skipped, not fatal. */
  private Source<ServerSentEvent, NotUsed> events() {
    return Source.tick(Duration.ZERO, pushInterval, NotUsed.notUsed())
        .mapAsync(1, t -> source.status()
            .thenApply(s -> Optional.of(ServerSentEvent.create(new String(json(s), StandardCharsets.UTF_8))))
            .exceptionally(e -> Optional.empty()))
        .filter(Optional::isPresent)
        .map(Optional::get)
        .mapMaterializedValue(c -> NotUsed.notUsed());
  }

  private static HttpResponse unavailable(String why) {
    return HttpResponse.create().withStatus(StatusCodes.SERVICE_UNAVAILABLE).withEntity("not ready: " + why + "\n");
  }

  private static byte[] json(Status s) {
    try {
      return JSON.writeValueAsBytes(s);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] dashboardPage() {
    try (InputStream in = AdminServer.class.getResourceAsStream("dashboard.html")) {
      if (in == null) throw new IllegalStateException("dashboard.html is missing from the jar");
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
