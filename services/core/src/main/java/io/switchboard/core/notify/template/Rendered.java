package io.switchboard.core.notify.template;

/**
 * A template rendered for one channel and locale.
 *
 * @param subject the subject or title, null when the template has none
 * @param body the body
 * @param format {@code text}, {@code markdown} or {@code html}
 * @param locale the locale of the variant that was used
 */
public record Rendered(String subject, String body, String format, String locale) {}
