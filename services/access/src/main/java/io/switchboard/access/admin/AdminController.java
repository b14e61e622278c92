package io.switchboard.access.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.bind.exceptions.UnsatisfiedArgumentException;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.codec.CodecException;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.json.JsonSyntaxException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.exceptions.UnsatisfiedRouteException;
import io.switchboard.access.admin.AdminApi.CreateUser;
import io.switchboard.access.admin.AdminApi.Created;
import io.switchboard.access.admin.AdminApi.SetPassword;
import io.switchboard.access.admin.AdminApi.UserPage;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.user.UserStore;
import io.switchboard.xmpp.Jid;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin HTTP API: accounts of this domain. Every call needs the admin bearer token (see {@link
 * AdminAuthFilter}); every error is an RFC 9457 problem. Passwords are never logged or returned.
 */
@Controller("/admin/v1")
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class AdminController {

  private static final Logger LOG = LoggerFactory.getLogger(AdminController.class);
  static final int MAX_LIMIT = 1000;

  private final UserStore users;
  private final AccountRemovals removals;
  private final String domainSuffix;

  public AdminController(UserStore users, AccountRemovals removals, SwitchboardConfig config) {
    this.users = users;
    this.removals = removals;
    this.domainSuffix = "@" + config.domain().toLowerCase(Locale.ROOT);
  }

  @Get(uri = "/users", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> list(
      @QueryValue(defaultValue = "0") int offset, @QueryValue(defaultValue = "100") int limit) {
    if (offset < 0) {
      return Problem.badRequest("offset must be 0 or more");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      return Problem.badRequest("limit must be between 1 and " + MAX_LIMIT);
    }
    List<String> page = users.list(offset, limit).stream().map(Jid::toString).toList();
    return HttpResponse.ok(new UserPage(page, users.count()));
  }

  @Post(
      uri = "/users",
      consumes = MediaType.APPLICATION_JSON,
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> create(@Body CreateUser request) {
    if (request.username() == null || request.username().isBlank()) {
      return Problem.badRequest("username is required");
    }
    if (request.password() == null || request.password().isEmpty()) {
      return Problem.badRequest("password is required and must not be empty");
    }
    String name = localpart(request.username());
    Jid jid;
    boolean created;
    try {
      jid = users.jidOf(name);
      created = users.create(name, request.password());
    } catch (IllegalArgumentException e) {
      // JidFormatException included; messages name the user, never the password.
      return Problem.response(
          HttpStatus.BAD_REQUEST, "invalid-user", "Invalid user name or password", e.getMessage());
    }
    if (!created) {
      return Problem.response(
          HttpStatus.CONFLICT, "user-exists", "User already exists", jid + " already exists");
    }
    LOG.info("admin API: created {}", jid);
    return HttpResponse.created(new Created(jid.toString()));
  }

  @Put(uri = "/users/{username}/password", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> changePassword(@PathVariable String username, @Body SetPassword request) {
    if (request.password() == null || request.password().isEmpty()) {
      return Problem.badRequest("password is required and must not be empty");
    }
    String name = localpart(username);
    try {
      if (!users.changePassword(name, request.password())) {
        return Problem.notFound("no user " + users.jidOf(name));
      }
      LOG.info("admin API: changed the password of {}", users.jidOf(name));
    } catch (IllegalArgumentException e) {
      return Problem.response(
          HttpStatus.BAD_REQUEST, "invalid-user", "Invalid user name or password", e.getMessage());
    }
    return HttpResponse.noContent();
  }

  /**
   * Removes an account with all its data, like XEP-0077 and XEP-0133 do: the processor runs the
   * removal (see {@link AccountRemovals}). 204 once it is done; 202 when it was handed over but is
   * still under way after {@code switchboard.admin.removal-wait}; 503 when it could not be handed
   * over. An account whose removal is under way can be deleted again (the removal is idempotent).
   */
  @Delete(uri = "/users/{username}")
  public HttpResponse<?> delete(@PathVariable String username) {
    String name = localpart(username);
    Jid jid;
    try {
      jid = users.jidOf(name);
    } catch (IllegalArgumentException e) {
      return Problem.response(
          HttpStatus.BAD_REQUEST, "invalid-user", "Invalid user name", e.getMessage());
    }
    if (!users.hasRecord(jid)) {
      return Problem.notFound("no user " + jid);
    }
    switch (removals.remove(jid)) {
      case DONE:
        LOG.info("admin API: deleted {}", jid);
        return HttpResponse.noContent();
      case ACCEPTED:
        LOG.info("admin API: deleting {}", jid);
        return HttpResponse.accepted();
      default:
        return Problem.response(
            HttpStatus.SERVICE_UNAVAILABLE,
            "removal-unavailable",
            "Account removal unavailable",
            "the removal of " + jid + " could not be handed to the processor; retry later");
    }
  }

  /** Accepts {@code alice} and {@code alice@<this domain>} alike. */
  private String localpart(String username) {
    String name = username.strip();
    if (name.toLowerCase(Locale.ROOT).endsWith(domainSuffix)) {
      return name.substring(0, name.length() - domainSuffix.length());
    }
    return name;
  }

  // Errors of this controller's routes, all as problems.

  @Error(exception = JsonSyntaxException.class)
  public HttpResponse<?> malformedJson(HttpRequest<?> request, JsonSyntaxException e) {
    return Problem.response(
        HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "the body is not valid JSON");
  }

  @Error(exception = CodecException.class)
  public HttpResponse<?> undecodable(HttpRequest<?> request, CodecException e) {
    return Problem.response(
        HttpStatus.BAD_REQUEST,
        "malformed-json",
        "Malformed JSON",
        "the body is not a JSON object of the expected shape");
  }

  @Error(exception = ConversionErrorException.class)
  public HttpResponse<?> unconvertible(HttpRequest<?> request, ConversionErrorException e) {
    return Problem.badRequest(
        isBody(e.getArgument())
            ? "the body is not a JSON object of the expected shape"
            : "invalid value for " + e.getArgument().getName());
  }

  @Error(exception = UnsatisfiedArgumentException.class)
  public HttpResponse<?> unsatisfied(HttpRequest<?> request, UnsatisfiedArgumentException e) {
    return missing(e.getArgument());
  }

  @Error(exception = UnsatisfiedRouteException.class)
  public HttpResponse<?> unsatisfiedRoute(HttpRequest<?> request, UnsatisfiedRouteException e) {
    return missing(e.getArgument());
  }

  private static HttpResponse<?> missing(Argument<?> argument) {
    return Problem.badRequest(
        isBody(argument) ? "a JSON body is required" : "missing " + argument.getName());
  }

  private static boolean isBody(Argument<?> argument) {
    return argument.isAnnotationPresent(Body.class);
  }

  @Error(exception = HttpStatusException.class)
  public HttpResponse<?> status(HttpRequest<?> request, HttpStatusException e) {
    HttpStatus status = e.getStatus();
    String slug = status.getReason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return Problem.response(status, slug, status.getReason(), e.getMessage());
  }

  @Error(exception = Exception.class)
  public HttpResponse<?> unexpected(HttpRequest<?> request, Exception e) {
    LOG.error("admin API: {} {} failed", request.getMethod(), request.getPath(), e);
    return Problem.response(
        HttpStatus.INTERNAL_SERVER_ERROR,
        "internal-error",
        "Internal server error",
        "the server could not complete the request; see its log");
  }
}
