package io.switchboard.processor.mam;

import io.switchboard.core.archive.ArchiveQuery;
import io.switchboard.core.archive.ArchiveStore;
import io.switchboard.core.archive.ArchivedMessage;
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
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * XEP-0313 archive queries against the requester's own archive. An iq get returns the query form
 * (FORM_TYPE, {@code with}, {@code start}, {@code end}); an iq set runs a query and answers with
 * one {@code <message><result/></message>} per archived message, in order, to the requesting
 * resource, then the iq result with {@code <fin/>} and the XEP-0059 {@code <set/>} (first, last,
 * count). Paging: {@code max} (default 50, at most 250), {@code after}, {@code before} (empty: the
 * last page), {@code <flip-page/>}.
 */
@Singleton
public class MamQueryHandler implements IqHandler {

  public static final String NS = MamRequest.NS;
  public static final String SID_NS = "urn:xmpp:sid:0";
  static final String FORWARD_NS = "urn:xmpp:forward:0";
  static final String DELAY_NS = "urn:xmpp:delay";

  private final ArchiveStore archive;
  private final String domain;

  @Inject
  public MamQueryHandler(ArchiveStore archive, SwitchboardConfig config) {
    this(archive, config.domain());
  }

  MamQueryHandler(ArchiveStore archive, String domain) {
    this.archive = archive;
    this.domain = domain;
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
    return Set.of(NS, SID_NS);
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    Jid owner = iq.from().bare();
    Jid to = iq.to();
    if (to != null && to.local() != null && !to.bare().equals(owner)) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.FORBIDDEN,
          "you can only query your own archive",
          domain,
          out);
      return;
    }
    if ("get".equals(iq.type())) {
      Replies.reply(in, Replies.iqResult(iq, null, form()), out);
      return;
    }
    MamRequest.Parsed parsed = MamRequest.parse(iq.payload(), owner);
    if (!parsed.ok()) {
      Replies.error(in, iq.element(), parsed.error(), parsed.text(), domain, out);
      return;
    }
    ArchiveQuery q = parsed.query();
    // What this process queued before the query is written before anything is read.
    archive.awaitWrites();
    if ((q.after() != null && !archive.contains(owner, q.after()))
        || (q.before() != null && !q.before().isEmpty() && !archive.contains(owner, q.before()))) {
      Replies.error(
          in,
          iq.element(),
          StanzaError.ITEM_NOT_FOUND,
          "no such message in the archive",
          domain,
          out);
      return;
    }
    ArchiveStore.Result result = archive.query(q);
    Jid requester = iq.from();
    for (ArchivedMessage m : result.items()) {
      Replies.reply(in, resultMessage(requester, owner, parsed.queryId(), m), out);
    }
    Replies.reply(in, Replies.iqResult(iq, null, fin(result)), out);
  }

  /** One archived message for the requester (XEP-0313 §4.2). */
  static XmlElement resultMessage(Jid requester, Jid owner, String queryId, ArchivedMessage m) {
    XmlElement.Builder result = XmlElement.builder("result", NS).attr("id", m.id());
    if (queryId != null) {
      result.attr("queryid", queryId);
    }
    result.child(
        XmlElement.builder("forwarded", FORWARD_NS)
            .child(XmlElement.builder("delay", DELAY_NS).attr("stamp", stamp(m.micros())).build())
            .child(m.stanza())
            .build());
    return XmlElement.builder("message", Stanzas.CLIENT_NS)
        .attr("from", owner.toString())
        .attr("to", requester.toString())
        .child(result.build())
        .build();
  }

  static XmlElement fin(ArchiveStore.Result result) {
    XmlElement.Builder set = XmlElement.builder("set", MamRequest.RSM_NS);
    if (!result.items().isEmpty()) {
      set.child(
          XmlElement.builder("first", MamRequest.RSM_NS).text(result.items().get(0).id()).build());
      set.child(
          XmlElement.builder("last", MamRequest.RSM_NS)
              .text(result.items().get(result.items().size() - 1).id())
              .build());
    }
    set.child(
        XmlElement.builder("count", MamRequest.RSM_NS).text(Long.toString(result.count())).build());
    return XmlElement.builder("fin", NS)
        .attr("complete", Boolean.toString(result.complete()))
        .child(set.build())
        .build();
  }

  /** The query form (XEP-0313 §5.1.1). */
  static XmlElement form() {
    String data = MamRequest.DATA_NS;
    return XmlElement.builder("query", NS)
        .child(
            XmlElement.builder("x", data)
                .attr("type", "form")
                .child(
                    XmlElement.builder("field", data)
                        .attr("type", "hidden")
                        .attr("var", "FORM_TYPE")
                        .child(XmlElement.builder("value", data).text(NS).build())
                        .build())
                .child(field(data, "jid-single", "with"))
                .child(field(data, "text-single", "start"))
                .child(field(data, "text-single", "end"))
                .build())
        .build();
  }

  private static XmlElement field(String ns, String type, String var) {
    return XmlElement.builder("field", ns).attr("type", type).attr("var", var).build();
  }

  /** XEP-0082 DateTime with microseconds, UTC. */
  static String stamp(long micros) {
    Instant t =
        Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    return DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
