package io.switchboard.access.api;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.switchboard.access.admin.Problem;
import io.switchboard.core.notify.apps.AddressBook;
import io.switchboard.core.notify.apps.ApiKey;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.core.user.UserStore;
import io.switchboard.xmpp.Jid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Admin API for the notification center, behind the admin token like the rest of {@code /admin/v1}:
 * applications' key pairs (the secret key is shown once, at creation) and users' channel addresses.
 */
@Controller("/admin/v1")
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
@ExecuteOn(TaskExecutors.BLOCKING)
public class NotifyAdminController {

  private final ApiKeyStore keys;
  private final AddressBook addresses;
  private final UserStore users;

  public NotifyAdminController(ApiKeyStore keys, AddressBook addresses, UserStore users) {
    this.keys = keys;
    this.addresses = addresses;
    this.users = users;
  }

  @Post(uri = "/apps/{name}/keys", consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> createKey(@PathVariable String name) {
    try {
      ApiKey key = keys.create(name);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("application", key.application());
      out.put("accessKeyId", key.accessKeyId());
      out.put("secretKey", key.secretKey());
      return HttpResponse.created(out);
    } catch (IllegalArgumentException e) {
      return Problem.response(
          HttpStatus.BAD_REQUEST,
          "invalid-application",
          "Invalid application name",
          e.getMessage());
    }
  }

  @Get(uri = "/apps", produces = MediaType.APPLICATION_JSON)
  public Map<String, Object> listKeys() {
    List<Map<String, Object>> items =
        keys.list().stream()
            .map(
                k ->
                    Map.<String, Object>of(
                        "application", k.application(),
                        "accessKeyId", k.accessKeyId(),
                        "enabled", k.enabled(),
                        "created", k.created().toString()))
            .toList();
    return Map.of("items", items);
  }

  @Post(
      uri = "/apps/{name}/disable",
      consumes = MediaType.ALL,
      produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> disable(@PathVariable String name) {
    long n = keys.disable(name);
    if (n == 0 && keys.list().stream().noneMatch(k -> k.application().equals(name))) {
      return Problem.response(
          HttpStatus.NOT_FOUND, "not-found", "Not found", "no keys for " + name);
    }
    return HttpResponse.ok(Map.of("disabled", n));
  }

  /**
   * Replaces the channel addresses of an existing account ({@code alice} or {@code
   * alice@<domain>}); they are kept under its normalized name, as the splitter looks them up.
   */
  @Put(uri = "/users/{user}/addresses", consumes = MediaType.APPLICATION_JSON)
  public HttpResponse<?> putAddresses(@PathVariable String user, @Body Map<String, String> body) {
    Account account = account(user);
    if (account.problem() != null) {
      return account.problem();
    }
    try {
      addresses.put(account.jid().local(), body);
    } catch (IllegalArgumentException e) {
      return Problem.response(
          HttpStatus.UNPROCESSABLE_ENTITY, "invalid-address", "Invalid address", e.getMessage());
    }
    return HttpResponse.noContent();
  }

  @Get(uri = "/users/{user}/addresses", produces = MediaType.APPLICATION_JSON)
  public HttpResponse<?> getAddresses(@PathVariable String user) {
    Account account = account(user);
    if (account.problem() != null) {
      return account.problem();
    }
    return HttpResponse.ok(addresses.of(account.jid().local()));
  }

  /** An account named in a path, or why it cannot be used. */
  private record Account(Jid jid, HttpResponse<?> problem) {}

  /** 400 for a name that is not an account of this domain, 404 for no such account. */
  private Account account(String user) {
    Jid jid;
    try {
      jid = users.accountOf(user);
    } catch (IllegalArgumentException e) {
      return new Account(
          null,
          Problem.response(
              HttpStatus.BAD_REQUEST, "invalid-user", "Invalid user name", e.getMessage()));
    }
    if (!users.exists(jid)) {
      return new Account(
          null, Problem.response(HttpStatus.NOT_FOUND, "not-found", "Not found", "no user " + jid));
    }
    return new Account(jid, null);
  }
}
