package io.switchboard.router.channel;

import io.switchboard.core.notify.auth.SigningString;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

/**
 * A chat bot's URL, made of the Channel's endpoint (the vendor's base URL, not secret) and the
 * bot's credential from the Channel's Secret: a query parameter (DingTalk, WeCom) or a last path
 * segment (Feishu). Endpoints that still carry the credential themselves keep working; the Secret
 * wins when it has one.
 */
public final class BotEndpoint {

  private BotEndpoint() {}

  /**
   * The endpoint as an absolute {@code http(s)} URI, {@code fallback} when the Channel has none;
   * null when it is not such a URI.
   */
  public static URI base(String endpoint, String fallback) {
    return ChannelHttp.httpUri(endpoint == null || endpoint.isBlank() ? fallback : endpoint);
  }

  /**
   * A secret value used as a token or key: stripped (Secrets made from files often end with a line
   * break), null when absent or blank.
   */
  public static String credential(ChannelSettings channel, String key) {
    String value = channel.secret(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  /**
   * Why the bot cannot be called — the endpoint is not an {@code http(s)} URL, or its credential is
   * neither in the Channel's Secret nor in the endpoint — or null when it can.
   *
   * @param credential the credential from the Secret, or null
   * @param inline the credential written into the endpoint, or null
   * @param what the credential's name in the message ("access token")
   * @param key its key in the Secret
   */
  public static DeliveryOutcome.Failed unusable(
      ChannelSettings channel,
      URI endpoint,
      String credential,
      String inline,
      String what,
      String key) {
    if (endpoint == null) {
      return new DeliveryOutcome.Failed(
          "endpoint is not an http(s) URL: " + Redaction.origin(channel.endpoint()));
    }
    if (credential == null && inline == null) {
      return new DeliveryOutcome.Failed(
          "no " + what + ": the Channel's secret has no '" + key + "'");
    }
    return null;
  }

  /** The first value of query parameter {@code name}, decoded; null when absent or empty. */
  public static String queryParameter(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&", -1)) {
      if (pair.startsWith(name + "=")) {
        String raw = pair.substring(name.length() + 1);
        String value = decodeOrRaw(raw);
        return value.isEmpty() ? null : value;
      }
    }
    return null;
  }

  /**
   * {@code uri} with query parameter {@code name} set to {@code value} (percent-encoded), replacing
   * any value it had; the other parameters keep their order. The fragment is dropped.
   */
  public static URI withQueryParameter(URI uri, String name, String value) {
    StringJoiner query = new StringJoiner("&");
    String existing = uri.getRawQuery();
    if (existing != null) {
      for (String pair : existing.split("&", -1)) {
        if (!pair.isEmpty() && !pair.equals(name) && !pair.startsWith(name + "=")) {
          query.add(pair);
        }
      }
    }
    query.add(name + "=" + SigningString.encode(value));
    return URI.create(prefix(uri) + rawPath(uri) + "?" + query);
  }

  /**
   * The last path segment after {@code parent} (e.g. the token of {@code .../hook/<token>}),
   * decoded; null when the path does not end that way.
   */
  public static String lastSegmentAfter(URI uri, String parent) {
    List<String> segments = segments(uri);
    int n = segments.size();
    if (n < 2 || !segments.get(n - 2).equals(parent) || segments.get(n - 1).isEmpty()) {
      return null;
    }
    return decodeOrRaw(segments.get(n - 1));
  }

  /** {@code uri} without its last path segment, query and fragment. */
  public static URI withoutLastSegment(URI uri) {
    String path = trimTrailingSlash(rawPath(uri));
    int slash = path.lastIndexOf('/');
    return URI.create(prefix(uri) + (slash < 0 ? "" : path.substring(0, slash)));
  }

  /**
   * {@code uri} with {@code segment} (percent-encoded) appended to its path; the query stays, the
   * fragment is dropped.
   */
  public static URI withPathSegment(URI uri, String segment) {
    String query = uri.getRawQuery();
    return URI.create(
        prefix(uri)
            + trimTrailingSlash(rawPath(uri))
            + "/"
            + SigningString.encode(segment)
            + (query == null ? "" : "?" + query));
  }

  private static List<String> segments(URI uri) {
    String path = trimTrailingSlash(rawPath(uri));
    return List.of(path.split("/", -1));
  }

  private static String prefix(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static String rawPath(URI uri) {
    return uri.getRawPath() == null ? "" : uri.getRawPath();
  }

  private static String trimTrailingSlash(String path) {
    return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }

  /** Percent escapes decoded as UTF-8, a {@code +} left alone; {@code raw} when malformed. */
  private static String decodeOrRaw(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }
}
