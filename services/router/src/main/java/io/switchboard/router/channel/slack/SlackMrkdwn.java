package io.switchboard.router.channel.slack;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown to Slack's mrkdwn, minimally: bold, italics, strike-through, links and headings; code
 * spans and blocks are left alone; {@code & < >} escaped as Slack requires.
 */
final class SlackMrkdwn {

  private static final Pattern CODE = Pattern.compile("```.*?```|`[^`\n]+`", Pattern.DOTALL);
  private static final Pattern LINK = Pattern.compile("\\[([^\\]\n]+)\\]\\(([^)\\s]+)\\)");
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*|__(.+?)__");
  private static final Pattern ITALIC =
      Pattern.compile("(?<![*\\w])\\*(?![\\s*])(.+?)(?<![\\s*])\\*(?![*\\w])");
  private static final Pattern STRIKE = Pattern.compile("~~(.+?)~~");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");

  private SlackMrkdwn() {}

  static String fromMarkdown(String markdown) {
    // Code is kept verbatim (only escaped); everything else is converted.
    List<String> kept = new ArrayList<>();
    Matcher code = CODE.matcher(markdown);
    StringBuilder sb = new StringBuilder();
    while (code.find()) {
      kept.add(escape(code.group()));
      code.appendReplacement(sb, Matcher.quoteReplacement("\u0000" + (kept.size() - 1) + "\u0000"));
    }
    code.appendTail(sb);
    String s = escape(sb.toString());
    s = replace(LINK, s, m -> "<" + m.group(2) + "|" + m.group(1) + ">");
    s = replace(ITALIC, s, m -> "_" + m.group(1) + "_");
    s = replace(BOLD, s, m -> "*" + (m.group(1) != null ? m.group(1) : m.group(2)) + "*");
    s = replace(STRIKE, s, m -> "~" + m.group(1) + "~");
    s = replace(HEADING, s, m -> "*" + m.group(1) + "*");
    for (int i = 0; i < kept.size(); i++) {
      s = s.replace("\u0000" + i + "\u0000", kept.get(i));
    }
    return s;
  }

  /** Plain text for a mrkdwn field: only the three characters Slack reserves are escaped. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String replace(
      Pattern p, String s, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(sb);
    return sb.toString();
  }
}
