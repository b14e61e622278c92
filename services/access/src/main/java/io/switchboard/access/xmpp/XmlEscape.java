package io.switchboard.access.xmpp;

/** Escaping of text written into hand-built XML. */
final class XmlEscape {

  private XmlEscape() {}

  static void text(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '&':
          out.append("&amp;");
          break;
        case '\'':
          out.append("&apos;");
          break;
        default:
          out.append(c);
      }
    }
  }
}
