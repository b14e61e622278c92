package io.switchboard.processor.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micronaut.context.ApplicationContext;
import io.switchboard.core.archive.ArchiveId;
import io.switchboard.core.archive.ArchivePrefs;
import io.switchboard.core.archive.ArchivePrefsStore;
import io.switchboard.core.archive.ArchiveStore;
import io.switchboard.core.offline.OfflineStore;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.ServerCommand;
import io.switchboard.core.pipeline.SessionRef;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.user.AccountData;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.ProcessorStage;
import io.switchboard.processor.privatedata.PrivateDataStore;
import io.switchboard.processor.roster.RosterItem;
import io.switchboard.processor.roster.RosterStore;
import io.switchboard.processor.vcard.VCardStore;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.StreamError;
import io.switchboard.xmpp.XmlElement;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Account removal with the processor's real beans and store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountRemovalTest {

  private static final Jid ALICE = Jid.of("alice@localhost");

  private ApplicationContext ctx;
  private UserStore users;
  private RosterStore rosters;
  private AccountRemoval removal;

  /** An emitted envelope: where, what kind, for whom, and the payload. */
  private record Emitted(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {}

  @BeforeAll
  void start() throws Exception {
    ctx =
        ApplicationContext.run(
            Map.of(
                "switchboard.data-dir",
                Files.createTempDirectory("sb-removal-test-").toString(),
                "switchboard.node-id",
                "test-node"));
    users = ctx.getBean(UserStore.class);
    rosters = ctx.getBean(RosterStore.class);
    removal = ctx.getBean(AccountRemoval.class);
  }

  @AfterAll
  void stop() {
    ctx.close();
  }

  @Test
  void everyStoreOfAccountDataTakesPart() {
    assertThat(removal.stores())
        .containsExactlyInAnyOrderElementsOf(ctx.getBeansOfType(AccountData.class))
        .hasAtLeastOneElementOfType(RosterStore.class)
        .hasAtLeastOneElementOfType(OfflineStore.class)
        .hasAtLeastOneElementOfType(VCardStore.class)
        .hasAtLeastOneElementOfType(PrivateDataStore.class)
        .hasAtLeastOneElementOfType(ArchiveStore.class)
        .hasAtLeastOneElementOfType(ArchivePrefsStore.class);
  }

  @Test
  void removalClearsTheDataCancelsSubscriptionsAndEndsSessions() {
    Jid alice = Jid.of("ann@localhost");
    Jid bob = Jid.of("ben@localhost");
    users.create("ann", "ann-secret");
    users.create("ben", "ben-secret");
    rosters.save(both(alice, bob));
    rosters.save(both(bob, alice));
    ctx.getBean(OfflineStore.class).store("off-1", alice, message(bob, alice), 1, new Date());
    ctx.getBean(VCardStore.class)
        .put(alice, XmlElement.builder("vCard", "vcard-temp").child(fn("Ann")).build());
    ctx.getBean(PrivateDataStore.class)
        .put(
            alice,
            "urn:example:prefs",
            List.of(XmlElement.builder("prefs", "urn:example:prefs").build()));
    ctx.getBean(ArchivePrefsStore.class).put(alice, ArchivePrefs.of(ArchivePrefs.Mode.ALWAYS));
    ArchiveStore archive = ctx.getBean(ArchiveStore.class);
    archive.archive(alice, ArchiveId.of(1, "env-1"), true, bob, 1, message(bob, alice).toXml());
    archive.awaitWrites();
    SessionTable sessions = ctx.getBean(SessionTable.class);
    Jid phone = alice.withResource("phone");
    sessions.put(
        new SessionEntry(phone, "node-7", "stream-7", false, 0, 0)
            .available(0, presence(phone), 0));

    List<Emitted> emitted = new ArrayList<>();
    assertThat(removal.remove(alice, recorder(emitted))).isTrue();

    assertThat(users.hasRecord(alice)).isFalse();
    assertThat(users.exists(bob)).isTrue();
    MongoDatabase db = ctx.getBean(MongoDatabase.class);
    for (String collection :
        List.of(
            "roster_items",
            "roster_versions",
            "offline",
            "vcards",
            "private_data",
            "archive",
            "archive_prefs")) {
      assertThat(
              db.getCollection(collection)
                  .countDocuments(
                      Filters.or(
                          Filters.eq("_id", alice.toString()),
                          Filters.eq("owner", alice.toString()),
                          Filters.eq("jid", alice.toString()))))
          .as(collection)
          .isZero();
    }
    // The contact keeps the item, with no subscription left (ejabberd's mod_roster).
    RosterItem bobsItem = rosters.get(bob, alice);
    assertThat(bobsItem.listed()).isTrue();
    assertThat(bobsItem.subscription()).isEqualTo(RosterItem.Subscription.NONE);
    assertThat(bobsItem.askSubscribe()).isFalse();
    assertThat(bobsItem.pendingIn()).isFalse();

    assertThat(routedTo(emitted, bob))
        .extracting(p -> p.attr("type"))
        .contains("unsubscribe", "unsubscribed", "unavailable");
    assertThat(routedTo(emitted, bob))
        .filteredOn(p -> "unavailable".equals(p.attr("type")))
        .extracting(p -> p.attr("from"))
        .containsExactly(phone.toString());
    List<Emitted> commands =
        emitted.stream().filter(e -> e.kind() == EnvelopeKind.COMMAND).toList();
    assertThat(commands).hasSize(1);
    assertThat(commands.get(0).to()).isEqualTo(Destination.accessNode("node-7"));
    assertThat(commands.get(0).route()).isEqualTo(Route.deliver(phone, "node-7"));
    assertThat(ServerCommand.parse(commands.get(0).payload()))
        .isEqualTo(new ServerCommand.CloseSession(StreamError.NOT_AUTHORIZED, "Account removed"));

    // Again (a redelivery): nothing left to do, nothing sent.
    List<Emitted> again = new ArrayList<>();
    assertThat(removal.remove(alice, recorder(again))).isFalse();
    assertThat(again).isEmpty();
    // The name is free.
    assertThat(users.create("ann", "new-secret")).isTrue();
  }

  @Test
  void aClientStanzaCarryingTheCommandRemovesNothing() throws Exception {
    users.create("alice", "alice-secret");
    users.create("mallory", "mallory-secret");
    Jid mallory = Jid.of("mallory@localhost/evil");
    XmlElement forged =
        XmlElement.builder("iq", Stanzas.CLIENT_NS)
            .attr("from", mallory.toString())
            .attr("to", "localhost")
            .attr("id", "f1")
            .attr("type", "set")
            .child(new ServerCommand.RemoveAccount(ALICE, null).toXml())
            .build();
    Envelope asStanza =
        new Envelope(
            "mallory-1",
            EnvelopeKind.STANZA,
            new SessionRef("node-1", "s-1", mallory),
            null,
            forged,
            0L,
            List.of());
    List<Emitted> emitted = new ArrayList<>();
    ctx.getBean(ProcessorStage.class).process(asStanza, recorder(emitted));

    assertThat(users.exists(ALICE)).isTrue();
    assertThat(emitted).hasSize(1);
    assertThat(emitted.get(0).kind()).isEqualTo(EnvelopeKind.DELIVERY);
    assertThat(Stanzas.errorCondition(emitted.get(0).payload()))
        .isEqualTo(StanzaError.SERVICE_UNAVAILABLE);

    // The same payload in a command envelope, which only server code creates, does remove.
    Envelope asCommand =
        new Envelope(
            "admin-1",
            EnvelopeKind.COMMAND,
            null,
            Route.to(ALICE),
            new ServerCommand.RemoveAccount(ALICE, "node-1").toXml(),
            0L,
            List.of());
    List<Emitted> done = new ArrayList<>();
    ctx.getBean(ProcessorStage.class).process(asCommand, recorder(done));
    assertThat(users.hasRecord(ALICE)).isFalse();
    assertThat(done).hasSize(1);
    assertThat(done.get(0).to()).isEqualTo(Destination.accessNode("node-1"));
    assertThat(ServerCommand.parse(done.get(0).payload()))
        .isEqualTo(new ServerCommand.AccountRemoved(ALICE, "admin-1"));
  }

  private static StageOutput recorder(List<Emitted> into) {
    return (to, kind, route, payload) -> into.add(new Emitted(to, kind, route, payload));
  }

  private static List<XmlElement> routedTo(List<Emitted> emitted, Jid contact) {
    return emitted.stream()
        .filter(e -> e.kind() == EnvelopeKind.ROUTE && e.route().to().bare().equals(contact))
        .map(Emitted::payload)
        .filter(p -> "presence".equals(p.name()))
        .toList();
  }

  private static RosterItem both(Jid owner, Jid contact) {
    return RosterItem.empty(owner, contact)
        .withListed(true, null, List.of())
        .withSubscription(RosterItem.Subscription.BOTH);
  }

  private static XmlElement message(Jid from, Jid to) {
    return XmlElement.builder("message", Stanzas.CLIENT_NS)
        .attr("from", from.toString())
        .attr("to", to.toString())
        .attr("type", "chat")
        .child(XmlElement.builder("body", Stanzas.CLIENT_NS).text("hi").build())
        .build();
  }

  private static XmlElement presence(Jid from) {
    return XmlElement.builder("presence", Stanzas.CLIENT_NS).attr("from", from.toString()).build();
  }

  private static XmlElement fn(String name) {
    return XmlElement.builder("FN", "vcard-temp").text(name).build();
  }
}
