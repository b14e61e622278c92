package io.switchboard.router.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainTextTest {

  @Test
  void blocksBreaksListsAndLinks() {
    String html =
        "<html><head><title>t</title><style>p{color:red}</style></head><body>\n"
            + "<h1>Welcome,   Ana</h1>\n<p>Your code is <b>4711</b>.<br>It expires soon.</p>"
            + "<ul><li>one</li><li>two &amp; three</li></ul>"
            + "<p>See <a href=\"https://example.org/x?a=1&amp;b=2\">the docs</a> or"
            + " <a href='https://example.org'>https://example.org</a>.</p>"
            + "<script>alert(1)</script><!-- hidden --></body></html>";

    assertThat(PlainText.fromHtml(html))
        .isEqualTo(
            "Welcome, Ana\n\nYour code is 4711.\nIt expires soon.\n\n- one\n- two & three\n\n"
                + "See the docs (https://example.org/x?a=1&b=2) or https://example.org.");
  }

  @Test
  void entities() {
    assertThat(PlainText.fromHtml("&lt;tag&gt; &#8364;5 &#x1F600; &nbsp;x &bogus;"))
        .isEqualTo("<tag> €5 😀 x &bogus;");
  }

  @Test
  void truncationNeverSplitsACharacter() {
    String s = "aé€😀".repeat(10); // 1 + 2 + 3 + 4 bytes
    String cut = PlainText.truncateUtf8(s, 20);

    assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(20);
    assertThat(cut).endsWith("…").startsWith("aé€😀a");
    assertThat(PlainText.truncateUtf8("short", 20)).isEqualTo("short");
  }
}
