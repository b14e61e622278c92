package io.switchboard.router.channel;

/** How chat bots turn a part into their text or markdown fields. */
public final class BotText {

  private BotText() {}

  /** Whether the part is markdown. */
  public static boolean isMarkdown(OutboundPart part) {
    return "markdown".equalsIgnoreCase(part.format());
  }

  /** The body as plain text: HTML reduced to text, markdown and text as they are. */
  public static String plainBody(OutboundPart part) {
    return "html".equalsIgnoreCase(part.format()) ? PlainText.fromHtml(part.body()) : part.body();
  }

  /** Subject, a blank line, then the plain body; just the body without a subject. */
  public static String plainText(OutboundPart part) {
    String body = plainBody(part);
    return hasSubject(part) ? part.subject().strip() + "\n\n" + body : body;
  }

  /**
   * Markdown with the subject as a heading of {@code level} on top. A body that is not markdown is
   * sent as it is (reduced to text when HTML).
   */
  public static String markdown(OutboundPart part, int level) {
    String body = plainBody(part);
    return hasSubject(part)
        ? "#".repeat(level) + " " + part.subject().strip() + "\n\n" + body
        : body;
  }

  /** The subject, or the first non-blank line of the body without markdown heading marks. */
  public static String title(OutboundPart part, int maxChars) {
    String t = hasSubject(part) ? part.subject().strip() : firstLine(plainBody(part));
    if (t.isEmpty()) {
      t = "Notification";
    }
    return t.length() > maxChars ? t.substring(0, maxChars - 1) + "…" : t;
  }

  public static boolean hasSubject(OutboundPart part) {
    return part.subject() != null && !part.subject().isBlank();
  }

  private static String firstLine(String body) {
    return body.lines()
        .map(line -> line.replaceFirst("^\\s*#+\\s*", "").strip())
        .filter(t -> !t.isEmpty())
        .findFirst()
        .orElse("");
  }
}
