package io.switchboard.access.api;

import io.micronaut.http.HttpStatus;
import java.time.Duration;

/**
 * A request the API refuses, with the RFC 9457 problem it answers: {@code type} {@code
 * https://switchboard.io/problems/<slug>}, a fixed title per slug, the detail of this case.
 */
public final class ApiProblem extends Exception {

  private static final long serialVersionUID = 1L;

  private final HttpStatus status;
  private final String slug;
  private final String title;
  private final Duration retryAfter;

  public ApiProblem(HttpStatus status, String slug, String title, String detail) {
    this(status, slug, title, detail, null);
  }

  /**
   * @param retryAfter when the caller may try again ({@code Retry-After}), or null
   */
  public ApiProblem(
      HttpStatus status, String slug, String title, String detail, Duration retryAfter) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.retryAfter = retryAfter;
  }

  /** When the caller may try again, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public HttpStatus status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String title() {
    return title;
  }

  static ApiProblem unauthorized(String slug, String detail) {
    return new ApiProblem(HttpStatus.UNAUTHORIZED, slug, "Request not authenticated", detail);
  }

  static ApiProblem invalid(String slug, String detail) {
    return new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY, slug, "Invalid request", detail);
  }
}
