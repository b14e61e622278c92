package io.switchboard.core.notify.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.switchboard.core.notify.catalog.Catalog;
import io.switchboard.crds.Application;
import io.switchboard.crds.ApplicationSpec;
import io.switchboard.crds.Channel;
import io.switchboard.crds.ChannelSpec;
import io.switchboard.crds.ChannelType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a failed part falls back to, and the ids of fallback parts. */
class FallbackPartsTest {

  private static final String MESSAGE = "0195f0a1b2c3d4e5f6a7b8c9";
  private static final Map<String, Map<String, String>> BOOKS =
      Map.of("alice", Map.of("email", "alice@example.com"), "bob", Map.of());

  private static Channel channel(String name, ChannelType type, String fallback) {
    ChannelSpec spec = new ChannelSpec();
    spec.setServerRef("sb");
    spec.setType(type);
    spec.setFallbackChannel(fallback);
    Channel c = new Channel();
    c.setMetadata(new ObjectMeta());
    c.getMetadata().setName(name);
    c.setSpec(spec);
    return c;
  }

  private static Catalog catalog(List<String> allowed, Channel... channels) {
    Map<String, Channel> byName = new LinkedHashMap<>();
    for (Channel c : channels) {
      byName.put(c.getMetadata().getName(), c);
    }
    ApplicationSpec spec = new ApplicationSpec();
    spec.setServerRef("sb");
    spec.setAllowedChannels(allowed);
    Application app = new Application();
    app.setMetadata(new ObjectMeta());
    app.getMetadata().setName("shop");
    app.setSpec(spec);
    return new Catalog(byName, Map.of(), Map.of("shop", app), Map.of());
  }

  private static Part part(String recipient, String user, String channel, String fallbackOf) {
    Instant now = Instant.parse("2026-11-22T08:00:00Z");
    return new Part(
        MessageStore.partId(MESSAGE, recipient, channel),
        MESSAGE,
        "shop",
        recipient,
        user,
        channel,
        "webhook",
        null,
        null,
        "hi",
        "text",
        PartStatus.FAILED,
        1,
        null,
        now,
        List.of(),
        null,
        fallbackOf);
  }

  private static FallbackParts.Plan plan(Part failed, List<String> tried, Catalog catalog) {
    return FallbackParts.plan(failed, tried, catalog, u -> BOOKS.getOrDefault(u, Map.of()));
  }

  @Test
  void aUserFallsBackToInAppAndToTheEmailOfTheirAddressBook() {
    Catalog catalog =
        catalog(
            null,
            channel("hook", ChannelType.WEBHOOK, "app"),
            channel("app", ChannelType.IN_APP, "mail"),
            channel("mail", ChannelType.EMAIL, null));
    FallbackParts.Plan toApp = plan(part("alice", "alice", "hook", null), List.of("hook"), catalog);
    assertThat(toApp)
        .isEqualTo(
            new FallbackParts.Plan.Make(
                catalog.channel("app").orElseThrow(), new Recipient("user", "alice"), null));

    FallbackParts.Plan toMail =
        plan(part("alice", "alice", "app", "x"), List.of("app", "hook"), catalog);
    assertThat(toMail)
        .isEqualTo(
            new FallbackParts.Plan.Make(
                catalog.channel("mail").orElseThrow(),
                new Recipient("user", "alice"),
                "alice@example.com"));

    assertThat(plan(part("bob", "bob", "app", "x"), List.of("app", "hook"), catalog))
        .isInstanceOf(FallbackParts.Plan.None.class);
  }

  @Test
  void aDirectAddressFallsBackOnlyToAChannelOfItsKind() {
    Catalog catalog =
        catalog(
            null,
            channel("mail", ChannelType.EMAIL, "mail2"),
            channel("mail2", ChannelType.EMAIL, "app"),
            channel("app", ChannelType.IN_APP, null));
    Part direct = part("email:carol@example.com", null, "mail", null);
    assertThat(plan(direct, List.of("mail"), catalog))
        .isEqualTo(
            new FallbackParts.Plan.Make(
                catalog.channel("mail2").orElseThrow(),
                new Recipient("email", "carol@example.com"),
                "carol@example.com"));
    assertThat(plan(part("email:carol@example.com", null, "mail2", "x"), List.of("mail2"), catalog))
        .isInstanceOf(FallbackParts.Plan.None.class);
  }

  @Test
  void loopsStopAtTheFirstChannelTriedTwice() {
    Catalog catalog =
        catalog(null, channel("a", ChannelType.IN_APP, "b"), channel("b", ChannelType.IN_APP, "a"));
    assertThat(plan(part("alice", "alice", "a", null), List.of("a"), catalog))
        .isInstanceOf(FallbackParts.Plan.Make.class);
    FallbackParts.Plan loop = plan(part("alice", "alice", "b", "x"), List.of("b", "a"), catalog);
    assertThat(loop).isInstanceOf(FallbackParts.Plan.None.class);
    assertThat(((FallbackParts.Plan.None) loop).why()).contains("tried already");
  }

  @Test
  void noFallbackWhenItIsMissingDisabledOrNotAllowed() {
    Channel disabled = channel("off", ChannelType.IN_APP, null);
    disabled.getSpec().setEnabled(false);
    Part failed = part("alice", "alice", "hook", null);
    assertThat(
            plan(
                failed, List.of("hook"), catalog(null, channel("hook", ChannelType.WEBHOOK, null))))
        .isInstanceOf(FallbackParts.Plan.None.class);
    assertThat(
            plan(
                failed,
                List.of("hook"),
                catalog(null, channel("hook", ChannelType.WEBHOOK, "gone"))))
        .isInstanceOf(FallbackParts.Plan.None.class);
    assertThat(
            plan(
                failed,
                List.of("hook"),
                catalog(null, channel("hook", ChannelType.WEBHOOK, "off"), disabled)))
        .isInstanceOf(FallbackParts.Plan.None.class);
    assertThat(
            plan(
                failed,
                List.of("hook"),
                catalog(
                    List.of("hook"),
                    channel("hook", ChannelType.WEBHOOK, "app"),
                    channel("app", ChannelType.IN_APP, null))))
        .isInstanceOf(FallbackParts.Plan.None.class);
  }

  @Test
  void aGroupChannelGetsOnePartForItsGroup() {
    Catalog catalog =
        catalog(
            null,
            channel("hook", ChannelType.WEBHOOK, "ops"),
            channel("ops", ChannelType.SLACK, null));
    assertThat(plan(part("webhook:https://x.test/h", null, "hook", null), List.of("hook"), catalog))
        .isEqualTo(
            new FallbackParts.Plan.Make(
                catalog.channel("ops").orElseThrow(), new Recipient("group", "ops"), null));
  }

  @Test
  void fallbackIdsAreStableDistinctAndListable() {
    Part failed = part("alice", "alice", "hook", null);
    String id = FallbackParts.partId(failed, "app");
    assertThat(id).isEqualTo(FallbackParts.partId(failed, "app"));
    assertThat(id)
        .startsWith(MESSAGE + ".")
        .matches("[0-9a-f]{24}\\.[0-9a-f]{12}")
        .isNotEqualTo(FallbackParts.partId(failed, "mail"))
        .isNotEqualTo(MessageStore.partId(MESSAGE, "alice", "app"))
        .isNotEqualTo(FallbackParts.partId(part("bob", "bob", "hook", null), "app"));
  }

  @Test
  void recipientsAreReadBackFromTheirTextForm() {
    assertThat(FallbackParts.recipientOf(part("alice", "alice", "c", null)))
        .isEqualTo(new Recipient("user", "alice"));
    assertThat(FallbackParts.recipientOf(part("phone:+4930123", null, "c", null)))
        .isEqualTo(new Recipient("phone", "+4930123"));
    assertThat(FallbackParts.recipientOf(part("group:ops", null, "c", null))).isNull();
  }
}
