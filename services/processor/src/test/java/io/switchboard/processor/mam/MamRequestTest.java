package io.switchboard.processor.mam;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.core.archive.ArchiveQuery;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import org.junit.jupiter.api.Test;

/** Parsing XEP-0313 queries: the form, RSM, and what deserves which error. */
class MamRequestTest {

  private static final Jid OWNER = Jid.of("olivia@localhost");

  private static MamRequest.Parsed parse(String inner) throws Exception {
    XmlElement q =
        XmlParser.parse("<query xmlns='urn:xmpp:mam:2' queryid='q1'>" + inner + "</query>");
    return MamRequest.parse(q, OWNER);
  }

  private static String form(String fields) {
    return "<x xmlns='jabber:x:data' type='submit'>"
        + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
        + fields
        + "</x>";
  }

  @Test
  void anEmptyQueryAsksForTheFirstFiftyOfEverything() throws Exception {
    MamRequest.Parsed p = parse("");
    assertThat(p.ok()).isTrue();
    assertThat(p.queryId()).isEqualTo("q1");
    ArchiveQuery q = p.query();
    assertThat(q.owner()).isEqualTo(OWNER);
    assertThat(q.max()).isEqualTo(50);
    assertThat(q.with()).isNull();
    assertThat(q.after()).isNull();
    assertThat(q.backwards()).isFalse();
    assertThat(q.flip()).isFalse();
  }

  @Test
  void formFieldsAndPagingAreRead() throws Exception {
    MamRequest.Parsed p =
        parse(
            form(
                    "<field var='with'><value>juliet@localhost</value></field>"
                        + "<field var='start'><value>2010-06-07T00:00:00Z</value></field>"
                        + "<field var='end'><value>2010-06-07T02:00:00.5+02:00</value></field>")
                + "<set xmlns='http://jabber.org/protocol/rsm'><max>10</max>"
                + "<before>0000000000000001-00000000</before></set><flip-page/>");
    assertThat(p.ok()).isTrue();
    ArchiveQuery q = p.query();
    assertThat(q.with()).isEqualTo(Jid.of("juliet@localhost"));
    assertThat(q.startMicros()).isEqualTo(1_275_868_800_000_000L);
    assertThat(q.endMicros()).isEqualTo(1_275_868_800_500_000L);
    assertThat(q.max()).isEqualTo(10);
    assertThat(q.before()).isEqualTo("0000000000000001-00000000");
    assertThat(q.backwards()).isTrue();
    assertThat(q.flip()).isTrue();
  }

  @Test
  void anEmptyBeforeMeansTheLastPageAndMaxIsCapped() throws Exception {
    ArchiveQuery q =
        parse("<set xmlns='http://jabber.org/protocol/rsm'><max>100000</max><before/></set>")
            .query();
    assertThat(q.before()).isEmpty();
    assertThat(q.backwards()).isTrue();
    assertThat(q.max()).isEqualTo(MamRequest.MAX_MAX);
  }

  @Test
  void badInputGetsTheNamedErrors() throws Exception {
    assertThat(parse(form("<field var='start'><value>yesterday</value></field>")).error())
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(parse(form("<field var='with'><value>@@</value></field>")).error())
        .isEqualTo(StanzaError.JID_MALFORMED);
    assertThat(parse(form("<field var='colour'><value>red</value></field>")).error())
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(
            parse(
                    "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
                        + "<value>urn:xmpp:mam:1</value></field></x>")
                .error())
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(parse("<set xmlns='http://jabber.org/protocol/rsm'><max>-1</max></set>").error())
        .isEqualTo(StanzaError.BAD_REQUEST);
    assertThat(parse("<set xmlns='http://jabber.org/protocol/rsm'><max>ten</max></set>").error())
        .isEqualTo(StanzaError.BAD_REQUEST);
    XmlElement node = XmlParser.parse("<query xmlns='urn:xmpp:mam:2' node='blog'/>");
    assertThat(MamRequest.parse(node, OWNER).error()).isEqualTo(StanzaError.ITEM_NOT_FOUND);
  }
}
