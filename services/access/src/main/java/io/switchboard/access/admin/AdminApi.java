package io.switchboard.access.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The request and response bodies of the admin API. */
public final class AdminApi {

  private AdminApi() {}

  /** {@code POST /admin/v1/users}. The password never appears in {@link #toString()}. */
  @Serdeable
  public record CreateUser(@Nullable String username, @Nullable String password) {
    @Override
    public String toString() {
      return "CreateUser[username=" + username + ", password=***]";
    }
  }

  /** {@code PUT /admin/v1/users/{username}/password}. */
  @Serdeable
  public record SetPassword(@Nullable String password) {
    @Override
    public String toString() {
      return "SetPassword[password=***]";
    }
  }

  /** The answer to a successful create. */
  @Serdeable
  public record Created(String jid) {}

  /** A page of bare JIDs and the number of accounts in all; an empty page is {@code []}. */
  @Serdeable
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record UserPage(List<String> users, long total) {}
}
