package io.switchboard.router.channel;

import io.switchboard.core.notify.auth.SigningString;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of outcome details, which end up in a part's status history, in logs and in
 * API answers. Two tools: {@link #origin} shows where a URL points without its path and query (bot
 * URLs carry their token there), and {@link #scrub} replaces known credential values wherever they
 * appear: in a far side's answer, in an I/O error's message.
 */
public final class Redaction {

  /** What a credential is replaced with. */
  public static final String MASK = "***";

  /**
   * Values shorter than this are not scrubbed: too short to be a credential, and too likely to
   * stand for something else in a detail ("HTTP 200").
   */
  static final int MIN_SCRUBBED_LENGTH = 4;

  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*");

  private Redaction() {}

  /**
   * Where {@code url} points, fit for a detail: {@code scheme://host[:port]}, followed by {@code
   * /…} when it had a path, query or fragment; user information is dropped. {@code (none)} when
   * blank, {@code (not a URL)} when it has no {@code scheme://}.
   */
  public static String origin(String url) {
    if (url == null || url.isBlank()) {
      return "(none)";
    }
    String u = url.strip();
    int sep = u.indexOf("://");
    if (sep <= 0 || !SCHEME.matcher(u.substring(0, sep)).matches()) {
      return "(not a URL)";
    }
    int start = sep + 3;
    int end = start;
    while (end < u.length() && "/?#".indexOf(u.charAt(end)) < 0) {
      end++;
    }
    String authority = u.substring(start, end);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      authority = authority.substring(at + 1);
    }
    String rest = u.substring(end);
    return u.substring(0, sep)
        + "://"
        + authority
        + (rest.isEmpty() || rest.equals("/") ? rest : "/…");
  }

  /**
   * {@code text} with every credential replaced by {@link #MASK}, also in its URL-encoded forms
   * (RFC 3986 and form encoding). Longer credentials go first, so that a URL is masked as a whole
   * before the token inside it. Null or short values are ignored.
   */
  public static String scrub(String text, Collection<String> credentials) {
    if (text == null || text.isEmpty() || credentials.isEmpty()) {
      return text;
    }
    Set<String> forms = new LinkedHashSet<>();
    for (String c : credentials) {
      if (c == null || c.length() < MIN_SCRUBBED_LENGTH) {
        continue;
      }
      forms.add(c);
      forms.add(SigningString.encode(c));
      forms.add(URLEncoder.encode(c, StandardCharsets.UTF_8));
    }
    List<String> ordered = new ArrayList<>(forms);
    ordered.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String c : ordered) {
      out = out.replace(c, MASK);
    }
    return out;
  }

  /** The outcome with its detail {@linkplain #scrub scrubbed}; the same kind and retry delay. */
  public static DeliveryOutcome scrub(DeliveryOutcome outcome, Collection<String> credentials) {
    String detail = scrub(outcome.detail(), credentials);
    if (detail.equals(outcome.detail())) {
      return outcome;
    }
    if (outcome instanceof DeliveryOutcome.Retry r) {
      return new DeliveryOutcome.Retry(detail, r.retryAfter());
    }
    if (outcome instanceof DeliveryOutcome.Delivered) {
      return new DeliveryOutcome.Delivered(detail);
    }
    return new DeliveryOutcome.Failed(detail);
  }

  /**
   * The channel's secret values and {@code more} (credentials the adapter found elsewhere, such as
   * a token written into the endpoint), for {@link #scrub}.
   */
  public static List<String> credentials(ChannelSettings channel, String... more) {
    List<String> all = new ArrayList<>(channel.secrets().values());
    for (String m : more) {
      if (m != null) {
        all.add(m);
      }
    }
    return all;
  }
}
