package io.switchboard.router.channel;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text from HTML, for channels that cannot show HTML (the text part of an e-mail, chat bots).
 * Not a sanitizer and not a full HTML parser: it keeps the words, line breaks of blocks and list
 * items, and the targets of links, and drops everything else.
 */
public final class PlainText {

  private static final Pattern DROPPED =
      Pattern.compile(
          "<!--.*?-->|<(script|style|head|title)\\b[^>]*>.*?</\\1\\s*>",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern LINK =
      Pattern.compile(
          "<a\\b[^>]*?\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>]+))[^>]*>(.*?)</a\\s*>",
          Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern BREAK = Pattern.compile("<br\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ITEM = Pattern.compile("<li\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern ITEM_END = Pattern.compile("</li\\s*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern PARAGRAPH_END =
      Pattern.compile(
          "</(p|h[1-6]|ul|ol|table|blockquote|pre)\\s*>|<hr\\b[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern LINE_BLOCK =
      Pattern.compile(
          "</?(p|div|h[1-6]|ul|ol|tr|table|blockquote|pre|section|article|header|footer)\\b[^>]*>",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern ENTITY =
      Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});");
  private static final Map<String, String> NAMED =
      Map.of(
          "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", " ", "hellip", "…",
          "mdash", "—", "ndash", "–", "copy", "©");

  private PlainText() {}

  /** The text of an HTML document or fragment. */
  public static String fromHtml(String html) {
    String s = DROPPED.matcher(html).replaceAll("");
    s = s.replaceAll("\\s+", " ");
    s = replaceLinks(s);
    s = BREAK.matcher(s).replaceAll("\n");
    s = ITEM.matcher(s).replaceAll("\n- ");
    s = ITEM_END.matcher(s).replaceAll("");
    s = PARAGRAPH_END.matcher(s).replaceAll("\n\n");
    s = LINE_BLOCK.matcher(s).replaceAll("\n");
    s = TAG.matcher(s).replaceAll("");
    s = decodeEntities(s);
    StringBuilder out = new StringBuilder();
    int blank = 0;
    for (String line : s.split("\n", -1)) {
      String t = line.replace('\u00a0', ' ').replaceAll(" {2,}", " ").strip();
      if (t.isEmpty()) {
        blank++;
        continue;
      }
      if (out.length() > 0) {
        out.append(blank > 0 ? "\n\n" : "\n");
      }
      out.append(t);
      blank = 0;
    }
    return out.toString();
  }

  private static String replaceLinks(String s) {
    Matcher m = LINK.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String href = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
      String text = TAG.matcher(m.group(4)).replaceAll("").strip();
      String hrefText = decodeEntities(href);
      String replacement =
          text.isEmpty() || decodeEntities(text).equals(hrefText) || href.startsWith("#")
              ? (text.isEmpty() ? href : text)
              : text + " (" + href + ")";
      m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String decodeEntities(String s) {
    Matcher m = ENTITY.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String e = m.group(1);
      String r;
      if (e.startsWith("#x") || e.startsWith("#X")) {
        r = codePoint(Integer.parseInt(e.substring(2), 16), m.group());
      } else if (e.startsWith("#")) {
        r = codePoint(Integer.parseInt(e.substring(1)), m.group());
      } else {
        r = NAMED.getOrDefault(e.toLowerCase(Locale.ROOT), m.group());
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(r));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String codePoint(int cp, String original) {
    return Character.isValidCodePoint(cp) && cp != 0 ? new String(Character.toChars(cp)) : original;
  }

  /**
   * Cuts {@code s} so that its UTF-8 encoding fits in {@code maxBytes}, ending with an ellipsis
   * when cut. Never splits a character.
   */
  public static String truncateUtf8(String s, int maxBytes) {
    if (s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxBytes) {
      return s;
    }
    int budget = maxBytes - 3; // the ellipsis is three bytes
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + len > budget) {
        break;
      }
      bytes += len;
      i += Character.charCount(cp);
    }
    return s.substring(0, i) + "…";
  }
}
