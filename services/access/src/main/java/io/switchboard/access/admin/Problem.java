package io.switchboard.access.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.serde.annotation.Serdeable;

/**
 * An RFC 9457 problem document, served as {@code application/problem+json}.
 *
 * @param type a URI naming the kind of problem: {@code https://switchboard.io/problems/<slug>}
 * @param title a short summary that is the same for every occurrence of this type
 * @param status the HTTP status code
 * @param detail what went wrong this time, for a human
 */
@Serdeable
public record Problem(String type, String title, int status, @Nullable String detail) {

  /** The prefix of every problem type URI. */
  public static final String TYPE_BASE = "https://switchboard.io/problems/";

  public static Problem of(HttpStatus status, String slug, String title, @Nullable String detail) {
    return new Problem(TYPE_BASE + slug, title, status.getCode(), detail);
  }

  /** A response with this problem as its body and the problem media type. */
  public static MutableHttpResponse<Problem> response(
      HttpStatus status, String slug, String title, @Nullable String detail) {
    return HttpResponse.<Problem>status(status)
        .contentType(MediaType.APPLICATION_JSON_PROBLEM_TYPE)
        .body(of(status, slug, title, detail));
  }

  static MutableHttpResponse<Problem> badRequest(String detail) {
    return response(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", detail);
  }

  static MutableHttpResponse<Problem> notFound(String detail) {
    return response(HttpStatus.NOT_FOUND, "user-not-found", "No such user", detail);
  }
}
