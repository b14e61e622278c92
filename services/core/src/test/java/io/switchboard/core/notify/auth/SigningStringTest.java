package io.switchboard.core.notify.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fixed vectors, computed independently (Python hmac/hashlib), for SB-HMAC-SHA256. */
class SigningStringTest {

  private static final byte[] BODY = "{\"hello\":\"world\"}".getBytes(StandardCharsets.UTF_8);

  @Test
  void canonicalStringAndSignatureMatchTheFixedVector() {
    Map<String, List<String>> query = new LinkedHashMap<>();
    query.put("b", List.of("2", "1"));
    query.put("a b", List.of("x/y"));
    query.put("ü", List.of("~ok"));
    query.put("plus", List.of("1+1"));

    String toSign =
        SigningString.of(
            "post", "/v1/hooks/orders", query, 1_700_000_000L, "n0nce-0123456789abcdef", BODY);

    assertThat(toSign)
        .isEqualTo(
            "SB-HMAC-SHA256\n"
                + "POST\n"
                + "/v1/hooks/orders\n"
                + "%C3%BC=~ok&a%20b=x%2Fy&b=1&b=2&plus=1%2B1\n"
                + "1700000000\n"
                + "n0nce-0123456789abcdef\n"
                + "93a23971a914e5eacbf0a8d25154cda309c3c1c72fbb9914d47c60f3cb681588");
    assertThat(SigningString.signature("s3cr3t", toSign))
        .isEqualTo("ea8a238b86c1ee34d25422a0f0467f3add1bb8f4393309dc37d66d8a5557c86a");
  }

  @Test
  void noQueryNoBodyAndEmptyPath() {
    String toSign =
        SigningString.of("GET", "", Map.of(), 1_700_000_000L, "n0nce-0123456789abcdef", null);

    assertThat(toSign)
        .isEqualTo(
            "SB-HMAC-SHA256\nGET\n/\n\n1700000000\nn0nce-0123456789abcdef\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    assertThat(SigningString.signature("s3cr3t", toSign))
        .isEqualTo("b744dc43b7b825bcf78adb3dfbd540568ab587e96713e8fcdb731430ffc525b6");
  }

  @Test
  void rawQueryParsesToTheSameCanonicalForm() {
    Map<String, List<String>> parsed =
        SigningString.parseQuery("b=2&%C3%BC=%7Eok&a%20b=x/y&b=1&plus=1+1");

    assertThat(SigningString.canonicalQuery(parsed))
        .isEqualTo("%C3%BC=~ok&a%20b=x%2Fy&b=1&b=2&plus=1%2B1");
  }

  @Test
  void flagWithoutValueAndEmptyPairs() {
    assertThat(SigningString.canonicalQuery(SigningString.parseQuery("z&&a="))).isEqualTo("a=&z=");
  }

  @Test
  void malformedEscapeIsRefused() {
    assertThatThrownBy(() -> SigningString.parseQuery("a=%G1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SigningString.parseQuery("a=%4"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signatureComparisonIgnoresCaseOfTheReceivedHex() {
    String sig = "ea8a238b86c1ee34d25422a0f0467f3add1bb8f4393309dc37d66d8a5557c86a";
    assertThat(SigningString.sameSignature(sig, sig.toUpperCase(java.util.Locale.ROOT))).isTrue();
    assertThat(SigningString.sameSignature(sig, sig.replace('e', 'f'))).isFalse();
    assertThat(SigningString.sameSignature(sig, null)).isFalse();
  }
}
