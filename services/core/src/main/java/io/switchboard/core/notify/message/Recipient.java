package io.switchboard.core.notify.message;

import java.util.Locale;
import java.util.Objects;

/**
 * Who a message goes to: a platform user (by user name), or a direct address of one channel kind.
 *
 * @param kind {@code user}, {@code email}, {@code phone} or {@code webhook}
 * @param value the user name or the address
 */
public record Recipient(String kind, String value) {

  public static final String USER = "user";
  public static final String EMAIL = "email";
  public static final String PHONE = "phone";
  public static final String WEBHOOK = "webhook";

  public Recipient {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
    kind = kind.toLowerCase(Locale.ROOT);
  }

  public boolean isUser() {
    return USER.equals(kind);
  }

  /** A stable text form: the user name, or {@code kind:address}. */
  @Override
  public String toString() {
    return isUser() ? value : kind + ":" + value;
  }
}
