package io.switchboard.processor.mam;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.archive.ArchiveConfig;
import io.switchboard.core.archive.ArchiveId;
import io.switchboard.core.archive.ArchivePrefs;
import io.switchboard.core.archive.ArchivePrefsStore;
import io.switchboard.core.archive.ArchiveStore;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.processor.testing.IqExchange;
import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The XEP-0313 query and preference handlers over a real (in-memory) store. */
class MamQueryHandlerTest {

  private static final String OLIVIA = "olivia@localhost/garden";
  private static final long T0 = 1_700_000_000_000_000L;
  private static final String RSM = MamRequest.RSM_NS;

  private MemoryMongo mongo;
  private ArchiveStore store;
  private MamQueryHandler handler;
  private final List<String> ids = new ArrayList<>();

  @BeforeEach
  void start() {
    mongo = new MemoryMongo();
    store =
        new ArchiveStore(
            mongo.database("t"),
            ArchiveConfig.defaults(),
            new PipelineMetrics(new SimpleMeterRegistry()));
    handler = new MamQueryHandler(store, "localhost");
    for (int i = 0; i < 30; i++) {
      long micros = T0 + i * 1_000_000L;
      String id = ArchiveId.of(micros, "e-" + i);
      ids.add(id);
      store.archive(
          Jid.of("olivia@localhost"),
          id,
          true,
          Jid.of("sebastian@localhost/street"),
          micros,
          "<message xmlns='jabber:client' from='sebastian@localhost/street'"
              + " to='olivia@localhost' type='chat'><body>m-"
              + i
              + "</body></message>");
    }
  }

  @AfterEach
  void stop() {
    store.close();
    mongo.close();
  }

  private static String query(String inner) {
    return "<iq xmlns='jabber:client' type='set' id='q'><query xmlns='urn:xmpp:mam:2'"
        + " queryid='f27'>"
        + inner
        + "</query></iq>";
  }

  private static String rsm(String inner) {
    return "<set xmlns='" + RSM + "'>" + inner + "</set>";
  }

  private static List<String> bodies(List<XmlElement> replies) {
    List<String> out = new ArrayList<>();
    for (XmlElement r : replies) {
      XmlElement result = r.child("result", MamRequest.NS);
      if (result != null) {
        out.add(
            result
                .child("forwarded", "urn:xmpp:forward:0")
                .child("message", "jabber:client")
                .childText("body", "jabber:client"));
      }
    }
    return out;
  }

  private static XmlElement fin(List<XmlElement> replies) {
    XmlElement last = replies.get(replies.size() - 1);
    assertThat(last.name()).isEqualTo("iq");
    return IqExchange.result(last);
  }

  @Test
  void resultsComeAsMessagesThenTheFinWithRsm() throws Exception {
    List<XmlElement> replies = IqExchange.send(handler, OLIVIA, query(rsm("<max>10</max>")));
    assertThat(replies).hasSize(11);
    XmlElement first = replies.get(0);
    assertThat(first.name()).isEqualTo("message");
    assertThat(first.attr("to")).isEqualTo(OLIVIA);
    XmlElement result = first.child("result", MamRequest.NS);
    assertThat(result.attr("queryid")).isEqualTo("f27");
    assertThat(result.attr("id")).isEqualTo(ids.get(0));
    XmlElement delay =
        result.child("forwarded", "urn:xmpp:forward:0").child("delay", "urn:xmpp:delay");
    assertThat(delay.attr("stamp")).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(bodies(replies))
        .containsExactly("m-0", "m-1", "m-2", "m-3", "m-4", "m-5", "m-6", "m-7", "m-8", "m-9");
    XmlElement fin = fin(replies);
    assertThat(fin.attr("complete")).isEqualTo("false");
    XmlElement set = fin.child("set", RSM);
    assertThat(set.childText("first", RSM)).isEqualTo(ids.get(0));
    assertThat(set.childText("last", RSM)).isEqualTo(ids.get(9));
    assertThat(set.childText("count", RSM)).isEqualTo("30");
  }

  @Test
  void pagingForwardsBackwardsAndFlipped() throws Exception {
    List<XmlElement> next =
        IqExchange.send(
            handler, OLIVIA, query(rsm("<max>25</max><after>" + ids.get(9) + "</after>")));
    assertThat(bodies(next)).hasSize(20).startsWith("m-10").endsWith("m-29");
    assertThat(fin(next).attr("complete")).isEqualTo("true");

    List<XmlElement> last = IqExchange.send(handler, OLIVIA, query(rsm("<max>5</max><before/>")));
    assertThat(bodies(last)).containsExactly("m-25", "m-26", "m-27", "m-28", "m-29");
    assertThat(fin(last).attr("complete")).isEqualTo("false");

    List<XmlElement> flipped =
        IqExchange.send(
            handler,
            OLIVIA,
            query(rsm("<max>3</max><before>" + ids.get(3) + "</before>") + "<flip-page/>"));
    assertThat(bodies(flipped)).containsExactly("m-2", "m-1", "m-0");
    assertThat(fin(flipped).attr("complete")).isEqualTo("true");
    assertThat(fin(flipped).child("set", RSM).childText("first", RSM)).isEqualTo(ids.get(2));
  }

  @Test
  void countOnlyAndTimeFilters() throws Exception {
    String form =
        "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
            + "<field var='start'><value>2023-11-14T22:13:25Z</value></field>"
            + "<field var='end'><value>2023-11-14T22:13:29Z</value></field></x>";
    List<XmlElement> counted = IqExchange.send(handler, OLIVIA, query(form + rsm("<max>0</max>")));
    assertThat(counted).hasSize(1);
    assertThat(fin(counted).child("set", RSM).childText("count", RSM)).isEqualTo("5");
    assertThat(bodies(IqExchange.send(handler, OLIVIA, query(form))))
        .containsExactly("m-5", "m-6", "m-7", "m-8", "m-9");
  }

  @Test
  void unknownIdsForeignArchivesAndTheForm() throws Exception {
    XmlElement unknown =
        IqExchange.answer(handler, OLIVIA, query(rsm("<after>0000000000000000-00000000</after>")));
    assertThat(IqExchange.error(unknown)).isEqualTo(StanzaError.ITEM_NOT_FOUND);
    XmlElement garbage = IqExchange.answer(handler, OLIVIA, query(rsm("<before>x</before>")));
    assertThat(IqExchange.error(garbage)).isEqualTo(StanzaError.ITEM_NOT_FOUND);
    XmlElement foreign =
        IqExchange.answer(
            handler,
            "sebastian@localhost/street",
            "<iq xmlns='jabber:client' type='set' id='q' to='olivia@localhost'>"
                + "<query xmlns='urn:xmpp:mam:2'/></iq>");
    assertThat(IqExchange.error(foreign)).isEqualTo(StanzaError.FORBIDDEN);
    // Sebastian's own archive is empty.
    List<XmlElement> own = IqExchange.send(handler, "sebastian@localhost/street", query(""));
    assertThat(own).hasSize(1);
    assertThat(fin(own).attr("complete")).isEqualTo("true");

    XmlElement form =
        IqExchange.result(
            IqExchange.answer(
                handler,
                OLIVIA,
                "<iq xmlns='jabber:client' type='get' id='f'><query xmlns='urn:xmpp:mam:2'/></iq>"));
    List<String> vars = new ArrayList<>();
    for (XmlElement f : form.child("x", MamRequest.DATA_NS).elements()) {
      vars.add(f.attr("var"));
    }
    assertThat(vars).containsExactly("FORM_TYPE", "with", "start", "end");
    assertThat(handler.accountFeatures()).contains("urn:xmpp:mam:2", "urn:xmpp:sid:0");
  }

  @Test
  void preferencesAreStoredAndReturned() throws Exception {
    ArchivePrefsStore prefs = new ArchivePrefsStore(mongo.database("t"), ArchiveConfig.defaults());
    MamPrefsHandler h = new MamPrefsHandler(prefs, "localhost");
    XmlElement initial =
        IqExchange.result(
            IqExchange.answer(
                h,
                OLIVIA,
                "<iq xmlns='jabber:client' type='get' id='p'><prefs xmlns='urn:xmpp:mam:2'/></iq>"));
    assertThat(initial.attr("default")).isEqualTo("always");
    XmlElement set =
        IqExchange.result(
            IqExchange.answer(
                h,
                OLIVIA,
                "<iq xmlns='jabber:client' type='set' id='p'><prefs xmlns='urn:xmpp:mam:2'"
                    + " default='roster'><always><jid>orsino@localhost</jid></always>"
                    + "<never><jid>malvolio@localhost/x</jid></never></prefs></iq>"));
    assertThat(set.attr("default")).isEqualTo("roster");
    assertThat(set.child("never", MamRequest.NS).childText("jid", MamRequest.NS))
        .isEqualTo("malvolio@localhost");
    ArchivePrefs stored =
        new ArchivePrefsStore(mongo.database("t"), ArchiveConfig.defaults())
            .get(Jid.of("olivia@localhost"));
    assertThat(stored.defaultMode()).isEqualTo(ArchivePrefs.Mode.ROSTER);
    assertThat(stored.always()).containsExactly(Jid.of("orsino@localhost"));
    XmlElement bad =
        IqExchange.answer(
            h,
            OLIVIA,
            "<iq xmlns='jabber:client' type='set' id='p'>"
                + "<prefs xmlns='urn:xmpp:mam:2' default='sometimes'/></iq>");
    assertThat(IqExchange.error(bad)).isEqualTo(StanzaError.BAD_REQUEST);
    XmlElement foreign =
        IqExchange.answer(
            h,
            OLIVIA,
            "<iq xmlns='jabber:client' type='get' id='p' to='orsino@localhost'>"
                + "<prefs xmlns='urn:xmpp:mam:2'/></iq>");
    assertThat(IqExchange.error(foreign)).isEqualTo(StanzaError.FORBIDDEN);
  }
}
