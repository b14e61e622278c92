package io.switchboard.access.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.switchboard.access.admin.Problem;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.catalog.CatalogService;
import io.switchboard.core.notify.limit.RateLimiters;
import io.switchboard.core.notify.message.InboxStore;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.notify.message.Part;
import io.switchboard.core.notify.message.PartStatus;
import io.switchboard.core.notify.message.PartStatusRecorder;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Transport;
import io.switchboard.crds.RateLimitSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;

/**
 * The notification API, {@code /api/v1} (docs/api.md): every request signed with the calling
 * application's key; everything it reads or changes is scoped to that application, the inbox
 * included (an application sees the entries it sent). Thin: it authenticates, delegates and
 * encodes.
 */
@Controller("/api/v1")
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class NotificationsController {

  private static final int MAX_LIMIT = 200;

  private final ApiAuthenticator auth;
  private final NotificationIntake intake;
  private final MessageStore messages;
  private final InboxStore inbox;
  private final PartStatusRecorder status;
  private final Transport transport;
  private final CatalogService catalog;
  private final Clock clock;
  private final RateLimiters rateLimits = new RateLimiters();

  public NotificationsController(
      ApiAuthenticator auth,
      NotificationIntake intake,
      MessageStore messages,
      InboxStore inbox,
      PartStatusRecorder status,
      Transport transport,
      CatalogService catalog,
      Clock clock) {
    this.auth = auth;
    this.intake = intake;
    this.messages = messages;
    this.inbox = inbox;
    this.status = status;
    this.transport = transport;
    this.catalog = catalog;
    this.clock = clock;
  }

  @Post(uri = "/messages", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> send(
      HttpRequest<?> request,
      @Nullable @Body byte[] body,
      @Nullable @Header("Idempotency-Key") String idempotencyKey)
      throws ApiProblem {
    byte[] bytes = body == null ? new byte[0] : body;
    ApiKey caller = caller(request, bytes);
    NotificationIntake.Accepted accepted =
        intake.accept(caller.application(), bytes, idempotencyKey);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("id", accepted.messageId());
    answer.put("status", "accepted");
    return HttpResponse.accepted()
        .header("Location", "/api/v1/messages/" + accepted.messageId())
        .body(answer);
  }

  @Get(uri = "/messages/{id}", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> get(HttpRequest<?> request, @PathVariable String id) throws ApiProblem {
    ApiKey caller = caller(request, new byte[0]);
    Document message =
        messages
            .findMessage(id)
            .filter(d -> caller.application().equals(d.getString("application")))
            .orElseThrow(() -> notFound("no message " + id));
    Map<String, Object> out = summary(message);
    out.put("data", message.get("data"));
    List<Map<String, Object>> parts = new ArrayList<>();
    for (Part p : messages.partsOf(id)) {
      parts.add(part(p));
    }
    out.put("parts", parts);
    return HttpResponse.ok(out);
  }

  @Get(uri = "/messages", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> list(
      HttpRequest<?> request,
      @Nullable @QueryValue String status,
      @Nullable @QueryValue String channel,
      @Nullable @QueryValue String template,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit)
      throws ApiProblem {
    ApiKey caller = caller(request, new byte[0]);
    if (status != null) {
      try {
        PartStatus.fromWire(status);
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalid("invalid-status", "unknown status " + status);
      }
    }
    MessageStore.Page page;
    try {
      page =
          messages.listMessages(
              caller.application(),
              status,
              channel,
              template,
              instant("from", from),
              instant("to", to),
              cursor,
              limit(limit));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("invalid-cursor", e.getMessage());
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (Document d : page.items()) {
      items.add(summary(d));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    out.put("next", page.next());
    return HttpResponse.ok(out);
  }

  /** Dead (and failed) parts of the calling application, oldest first. */
  @Get(uri = "/parts", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> parts(
      HttpRequest<?> request, @QueryValue String status, @Nullable @QueryValue Integer limit)
      throws ApiProblem {
    ApiKey caller = caller(request, new byte[0]);
    PartStatus s;
    try {
      s = PartStatus.fromWire(status);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("invalid-status", "unknown status " + status);
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (Part p : messages.partsInStatus(caller.application(), s, limit(limit))) {
      items.add(part(p));
    }
    return HttpResponse.ok(Map.of("items", items));
  }

  /** Sends a dead or failed part again: it is queued and attempted from its first attempt. */
  @Post(uri = "/parts/{id}/replay", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> replay(
      HttpRequest<?> request, @PathVariable String id, @Nullable @Body byte[] body)
      throws ApiProblem {
    ApiKey caller = caller(request, body == null ? new byte[0] : body);
    Part p =
        messages
            .findPart(id)
            .filter(x -> caller.application().equals(x.application()))
            .orElseThrow(() -> notFound("no part " + id));
    if ("inApp".equals(p.type())) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "not-replayable",
          "Part not replayable",
          "in-app parts are not replayed; they stay in the inbox");
    }
    Optional<Part> queued =
        status.transition(
            id,
            EnumSet.of(PartStatus.DEAD, PartStatus.FAILED),
            PartStatus.QUEUED,
            "replayed through the API",
            0,
            null);
    if (queued.isEmpty()) {
      throw new ApiProblem(
          HttpStatus.CONFLICT,
          "not-replayable",
          "Part not replayable",
          "part " + id + " is " + p.status().wire() + "; only dead and failed parts are replayed");
    }
    Instant now = clock.instant();
    long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    try {
      transport
          .send(
              Destination.ROUTER,
              new Envelope(
                  "replay-" + id + "-" + now.toEpochMilli(),
                  EnvelopeKind.COMMAND,
                  null,
                  null,
                  NotificationCodec.partHandOver(id),
                  micros,
                  List.of(new Envelope.Stamp("access", micros))))
          .get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Queued in the store: the router's sweep of stale queued parts takes it.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return HttpResponse.accepted().body(part(queued.get()));
  }

  @Get(uri = "/users/{user}/inbox", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> inbox(
      HttpRequest<?> request,
      @PathVariable String user,
      @Nullable @QueryValue Boolean unread,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit)
      throws ApiProblem {
    ApiKey caller = caller(request, new byte[0]);
    MessageStore.Page page;
    try {
      page =
          inbox.list(caller.application(), user, Boolean.TRUE.equals(unread), cursor, limit(limit));
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalid("invalid-cursor", e.getMessage());
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (Document d : page.items()) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("id", d.getString("_id"));
      item.put("messageId", d.getString("messageId"));
      item.put("application", d.getString("application"));
      item.put("subject", d.getString("subject"));
      item.put("body", d.getString("body"));
      item.put("format", d.getString("format"));
      item.put("data", d.get("data"));
      item.put("created", iso(d.getDate("created")));
      item.put("read", d.getDate("read") != null);
      items.add(item);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("unread", inbox.unreadCount(caller.application(), user));
    out.put("items", items);
    out.put("next", page.next());
    return HttpResponse.ok(out);
  }

  @Post(uri = "/users/{user}/inbox/{id}/read", consumes = MediaType.ALL)
  public HttpResponse<?> read(
      HttpRequest<?> request,
      @PathVariable String user,
      @PathVariable String id,
      @Nullable @Body byte[] body)
      throws ApiProblem {
    ApiKey caller = caller(request, body == null ? new byte[0] : body);
    if (!inbox.markRead(caller.application(), user, id)) {
      throw notFound("no inbox entry " + id + " for " + user);
    }
    status.transition(id, PartStatus.READ, "read in the inbox", -1, null);
    return HttpResponse.ok(Map.of("unread", inbox.unreadCount(caller.application(), user)));
  }

  @Post(uri = "/users/{user}/inbox/read-all", consumes = MediaType.ALL)
  public HttpResponse<?> readAll(
      HttpRequest<?> request, @PathVariable String user, @Nullable @Body byte[] body)
      throws ApiProblem {
    ApiKey caller = caller(request, body == null ? new byte[0] : body);
    List<String> ids = inbox.markAllRead(caller.application(), user);
    for (String id : ids) {
      status.transition(id, PartStatus.READ, "read in the inbox", -1, null);
    }
    return HttpResponse.ok(
        Map.of("marked", ids.size(), "unread", inbox.unreadCount(caller.application(), user)));
  }

  @Error(exception = ApiProblem.class)
  public HttpResponse<Problem> problem(ApiProblem e) {
    MutableHttpResponse<Problem> response =
        Problem.response(e.status(), e.slug(), e.title(), e.getMessage());
    if (e.retryAfter() != null) {
      response.header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()));
    }
    return response;
  }

  /**
   * The authenticated caller, within its Application's rate limit ({@code spec.rateLimit}, a token
   * bucket per Application in this access process); a request over it is refused with 429 and
   * {@code Retry-After} before anything is read or stored.
   */
  private ApiKey caller(HttpRequest<?> request, byte[] body) throws ApiProblem {
    ApiKey caller = auth.authenticate(request, body);
    RateLimitSpec limit =
        catalog
            .get()
            .application(caller.application())
            .map(a -> a.getSpec().getRateLimit())
            .orElse(null);
    Duration wait = rateLimits.tryTake(caller.application(), limit, clock.instant());
    if (!wait.isZero()) {
      // Whole seconds, rounded up: the header has no fractions.
      Duration retryAfter = Duration.ofSeconds((wait.toMillis() + 999) / 1000);
      throw new ApiProblem(
          HttpStatus.TOO_MANY_REQUESTS,
          "rate-limited",
          "Rate limit exceeded",
          "application "
              + caller.application()
              + " may make "
              + limit.getPerSecond()
              + " requests per second (burst "
              + (limit.getBurst() == null ? limit.getPerSecond() : limit.getBurst())
              + "); retry after "
              + retryAfter.toSeconds()
              + " s",
          retryAfter);
    }
    return caller;
  }

  private static ApiProblem notFound(String detail) {
    return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", detail);
  }

  private static int limit(Integer limit) throws ApiProblem {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > MAX_LIMIT) {
      throw ApiProblem.invalid("invalid-limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    return n;
  }

  private static Instant instant(String name, String value) throws ApiProblem {
    if (value == null) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiProblem.invalid(
          "invalid-" + name, name + " must be an ISO-8601 instant like 2026-11-22T10:00:00Z");
    }
  }

  private static Map<String, Object> summary(Document d) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", d.getString("_id"));
    out.put("template", d.getString("template"));
    out.put("created", iso(d.getDate("created")));
    out.put("state", d.getString("state"));
    List<Map<String, Object>> recipients = new ArrayList<>();
    for (Document r : d.getList("recipients", Document.class, List.of())) {
      recipients.add(Map.of(r.getString("kind"), r.getString("value")));
    }
    out.put("recipients", recipients);
    out.put("channels", d.getList("channels", String.class, List.of()));
    if (d.getString("error") != null) {
      out.put("error", d.getString("error"));
    }
    out.put(
        "parts",
        d.getList("parts", Document.class, List.of()).stream()
            .map(
                p ->
                    Map.of(
                        "id",
                        p.getString("id"),
                        "recipient",
                        p.getString("recipient"),
                        "channel",
                        p.getString("channel"),
                        "status",
                        p.getString("status")))
            .toList());
    return out;
  }

  private static Map<String, Object> part(Part p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", p.id());
    out.put("messageId", p.messageId());
    out.put("recipient", p.recipient());
    out.put("channel", p.channel());
    out.put("type", p.type());
    out.put("status", p.status().wire());
    out.put("attempts", p.attempts());
    if (p.nextAttemptAt() != null) {
      out.put("nextAttemptAt", p.nextAttemptAt().toString());
    }
    if (p.fallbackOf() != null) {
      out.put("fallbackOf", p.fallbackOf());
    }
    List<Map<String, Object>> history = new ArrayList<>();
    for (Part.Event e : p.history()) {
      history.add(e.toMap());
    }
    out.put("history", history);
    return out;
  }

  private static String iso(Date d) {
    return d == null ? null : d.toInstant().toString();
  }
}
