package io.switchboard.processor.version;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Set;

/**
 * XEP-0092 Software Version of the server: name Switchboard, the version from the jar manifest
 * ({@code dev} when run from classes), and the operating system unless switched off.
 */
@Singleton
public class VersionHandler implements IqHandler {

  public static final String NS = "jabber:iq:version";
  public static final String NAME = "Switchboard";

  /**
   * Settings of the software version answer.
   *
   * @param showOs whether the answer names the operating system
   */
  @ConfigurationProperties("switchboard.software-version")
  public record VersionConfig(@Bindable(defaultValue = "true") boolean showOs) {}

  private final String domain;
  private final XmlElement answer;

  @Inject
  public VersionHandler(SwitchboardConfig config, VersionConfig version) {
    this(config.domain(), version.showOs(), implementationVersion());
  }

  VersionHandler(String domain, boolean showOs, String version) {
    this.domain = domain;
    XmlElement.Builder query =
        XmlElement.builder("query", NS)
            .child(XmlElement.builder("name", NS).text(NAME).build())
            .child(XmlElement.builder("version", NS).text(version).build());
    if (showOs) {
      String os = System.getProperty("os.name", "") + " " + System.getProperty("os.version", "");
      query.child(XmlElement.builder("os", NS).text(os.trim()).build());
    }
    this.answer = query.build();
  }

  /** The Implementation-Version of the jar this class came from, or {@code dev}. */
  static String implementationVersion() {
    String v = VersionHandler.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "dev" : v;
  }

  @Override
  public String element() {
    return "query";
  }

  @Override
  public String namespace() {
    return NS;
  }

  @Override
  public Set<String> serverFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    if (iq.to() != null && iq.to().local() != null) {
      // An account's bare JID: the server does not answer for the user's software.
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    if (!"get".equals(iq.type())) {
      Replies.error(
          in, iq.element(), StanzaError.BAD_REQUEST, "software version is a get", domain, out);
      return;
    }
    Replies.reply(in, Replies.iqResult(iq, domain, answer), out);
  }
}
