package io.switchboard.access.admin;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Lets a request under {@code /admin} through only with {@code Authorization: Bearer <token>} where
 * the token is the {@link AdminToken}; anything else gets a 401 problem.
 */
@ServerFilter("/admin/**")
@Requires(property = "switchboard.stages.access.enabled", notEquals = "false")
public final class AdminAuthFilter {

  private static final String BEARER = "Bearer ";

  private final AdminToken token;

  public AdminAuthFilter(AdminToken token) {
    this.token = token;
  }

  /** Null to continue; otherwise the 401 response that ends the exchange. */
  @RequestFilter
  @Nullable
  public HttpResponse<?> authenticate(HttpRequest<?> request) {
    String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
    if (header == null || header.isBlank()) {
      return unauthorized("missing Authorization: Bearer header");
    }
    if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
        || !token.matches(header.substring(BEARER.length()))) {
      return unauthorized("the bearer token is not the admin token");
    }
    return null;
  }

  private static HttpResponse<?> unauthorized(String detail) {
    return Problem.response(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail)
        .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"switchboard-admin\"");
  }
}
