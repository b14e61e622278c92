package io.switchboard.processor.privatedata;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * XEP-0049 Private XML Storage: a user stores and reads back XML under a namespace of their own
 * choosing, for their own account only. A get names one namespace (its one child element); a set
 * replaces what is stored under each namespace of its children. XMPP's own namespaces are refused.
 */
@Singleton
public class PrivateDataHandler implements IqHandler {

  public static final String NS = "jabber:iq:private";

  /** Namespaces that must not be stored (XEP-0049 §3: they would be confused with the protocol). */
  static final Set<String> REFUSED = Set.of(Stanzas.CLIENT_NS, Stanzas.SERVER_NS, NS, "");

  /**
   * Limits of private XML storage.
   *
   * @param maxBytes largest serialized size of what one namespace stores, in UTF-8 bytes
   */
  @ConfigurationProperties("switchboard.private-storage")
  public record PrivateStorageConfig(
      @Bindable(defaultValue = "65536") @Min(1024) @Max(16 * 1024 * 1024) int maxBytes) {}

  private final String domain;
  private final PrivateDataStore store;
  private final int maxBytes;

  @Inject
  public PrivateDataHandler(
      SwitchboardConfig config, PrivateDataStore store, PrivateStorageConfig limits) {
    this(config.domain(), store, limits.maxBytes());
  }

  PrivateDataHandler(String domain, PrivateDataStore store, int maxBytes) {
    this.domain = domain;
    this.store = store;
    this.maxBytes = maxBytes;
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
  public Set<String> accountFeatures() {
    return Set.of(NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid owner = iq.from().bare();
    Jid to = iq.to();
    if (to != null && !to.equals(owner)) {
      if (to.local() == null) {
        // The server itself keeps no private XML.
        Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      } else {
        Replies.error(
            in,
            iq.element(),
            StanzaError.FORBIDDEN,
            "private XML is only readable and writable by its owner",
            domain,
            out);
      }
      return;
    }
    List<XmlElement> children = iq.payload().elements();
    if (children.isEmpty()) {
      notAcceptable(iq, in, out, "name a namespace with one child element");
      return;
    }
    for (XmlElement child : children) {
      if (REFUSED.contains(child.namespace())) {
        notAcceptable(
            iq,
            in,
            out,
            child.namespace().isEmpty()
                ? "private XML needs a namespace"
                : "the namespace " + child.namespace() + " cannot be stored");
        return;
      }
    }
    if ("get".equals(iq.type())) {
      get(iq, owner, children, in, out);
    } else {
      set(iq, owner, children, in, out);
    }
  }

  private void get(Stanza iq, Jid owner, List<XmlElement> children, Envelope in, StageOutput out) {
    if (children.size() > 1) {
      notAcceptable(iq, in, out, "get one namespace at a time");
      return;
    }
    Optional<List<XmlElement>> stored = store.find(owner, children.get(0).namespace());
    // Nothing stored: the request's own empty element comes back (XEP-0049 §2.3).
    XmlElement payload = iq.payload();
    if (stored.isPresent()) {
      XmlElement.Builder query = XmlElement.builder("query", NS);
      stored.get().forEach(query::child);
      payload = query.build();
    }
    Replies.reply(in, Replies.iqResult(iq, owner.toString(), payload), out);
  }

  private void set(Stanza iq, Jid owner, List<XmlElement> children, Envelope in, StageOutput out) {
    Map<String, List<XmlElement>> byNamespace = new LinkedHashMap<>();
    for (XmlElement child : children) {
      byNamespace.computeIfAbsent(child.namespace(), ns -> new ArrayList<>()).add(child);
    }
    for (Map.Entry<String, List<XmlElement>> e : byNamespace.entrySet()) {
      long bytes = 0;
      for (XmlElement element : e.getValue()) {
        bytes += element.toXml().getBytes(StandardCharsets.UTF_8).length;
      }
      if (bytes > maxBytes) {
        notAcceptable(
            iq, in, out, "private XML of " + e.getKey() + " is larger than " + maxBytes + " bytes");
        return;
      }
    }
    byNamespace.forEach((ns, elements) -> store.put(owner, ns, elements));
    Replies.reply(in, Replies.iqResult(iq, owner.toString(), null), out);
  }

  private void notAcceptable(Stanza iq, Envelope in, StageOutput out, String text) {
    Replies.error(in, iq.element(), StanzaError.NOT_ACCEPTABLE, text, domain, out);
  }
}
