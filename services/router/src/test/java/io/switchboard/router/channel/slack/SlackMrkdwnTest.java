package io.switchboard.router.channel.slack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlackMrkdwnTest {

  @Test
  void boldItalicStrikeLinksAndHeadings() {
    assertThat(
            SlackMrkdwn.fromMarkdown(
                "# Release\n**bold**, __also__, *it*, ~~old~~, [docs](https://x.example/a?b=1)"))
        .isEqualTo("*Release*\n*bold*, *also*, _it_, ~old~, <https://x.example/a?b=1|docs>");
  }

  @Test
  void codeIsLeftAloneAndSpecialCharactersEscaped() {
    assertThat(SlackMrkdwn.fromMarkdown("a < b & `**x** <y>`\n```\n**z**\n```"))
        .isEqualTo("a &lt; b &amp; `**x** &lt;y&gt;`\n```\n**z**\n```");
  }

  @Test
  void listsKeepTheirStars() {
    assertThat(SlackMrkdwn.fromMarkdown("* one\n* two")).isEqualTo("* one\n* two");
  }
}
