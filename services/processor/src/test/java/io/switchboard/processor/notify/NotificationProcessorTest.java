package io.switchboard.processor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.notify.apps.AddressBook;
import io.switchboard.core.notify.catalog.CatalogService;
import io.switchboard.core.notify.catalog.CatalogStore;
import io.switchboard.core.notify.message.CallbackOutbox;
import io.switchboard.core.notify.message.FallbackParts;
import io.switchboard.core.notify.message.InboxStore;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Part;
import io.switchboard.core.notify.message.PartStatus;
import io.switchboard.core.notify.message.PartStatusRecorder;
import io.switchboard.core.notify.message.Recipient;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.LocalSessionTable;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.testing.MemoryMongo;
import io.switchboard.xmpp.XmlElement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A request handled again after a processor stopped part-way: nothing lost, nothing doubled. */
class NotificationProcessorTest {

  @TempDir Path config;
  private MemoryMongo mongo;
  private MongoDatabase db;
  private MessageStore messages;
  private NotificationProcessor processor;
  private final List<String> handedOver = new ArrayList<>();
  private final StageOutput out =
      new StageOutput() {
        @Override
        public void emit(Destination to, EnvelopeKind kind, Route route, XmlElement payload) {
          if (to.equals(Destination.ROUTER)) {
            handedOver.add(payload.attr("id"));
          }
        }
      };

  @BeforeEach
  void start() throws Exception {
    Files.writeString(
        config.resolve("notify.yaml"),
        """
        apiVersion: switchboard.io/v1alpha1
        kind: Channel
        metadata: {name: webhook}
        spec: {serverRef: t, type: webhook, endpoint: "http://127.0.0.1:9/hook"}
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Template
        metadata: {name: t1}
        spec:
          serverRef: t
          variants: [{format: text, body: "hello"}]
        ---
        apiVersion: switchboard.io/v1alpha1
        kind: Application
        metadata: {name: shop}
        spec: {serverRef: t, callbackUrl: "http://127.0.0.1:9/callbacks"}
        """);
    mongo = new MemoryMongo();
    db = mongo.database("notify");
    Clock clock = Clock.systemUTC();
    messages = new MessageStore(db, clock);
    SwitchboardConfig sb = new SwitchboardConfig("localhost", "n1", ".");
    PartStatusRecorder recorder = new PartStatusRecorder(messages, new CallbackOutbox(db, clock));
    processor =
        new NotificationProcessor(
            new CatalogService(
                new CatalogService.NotifyCatalogConfig(config.toString(), Duration.ofMinutes(5)),
                new CatalogStore(db, clock)),
            new TemplateRenderer(65536),
            messages,
            recorder,
            new FallbackParts(
                messages, recorder, new AddressBook(db), new TemplateRenderer(65536), clock),
            new InboxStore(db, clock),
            new AddressBook(db),
            new UserStore(db, sb, new UserStore.AuthConfig(4096), clock),
            new LocalSessionTable(),
            new PipelineMetrics(new SimpleMeterRegistry()),
            clock,
            sb,
            "notifications");
  }

  @AfterEach
  void stop() {
    mongo.close();
  }

  private NotificationRequest request() {
    return new NotificationRequest(
        messages.newMessageId(),
        "shop",
        "t1",
        List.of(
            new Recipient(Recipient.WEBHOOK, "https://a.example/hook"),
            new Recipient(Recipient.WEBHOOK, "https://b.example/hook")),
        List.of("webhook"),
        Map.of(),
        null,
        null,
        null,
        null,
        Instant.now());
  }

  private List<String> callbackIds() {
    List<String> ids = new ArrayList<>();
    for (Document d : db.getCollection("notify_callbacks").find()) {
      ids.add(d.getString("_id"));
    }
    return ids;
  }

  @Test
  void aSplitStoppedAfterTheFirstPartIsCompletedWhenTheRequestComesAgain() {
    NotificationRequest r = request();
    processor.handle(r, out);
    List<Part> parts = messages.partsOf(r.id());
    assertThat(parts).hasSize(2);
    // As if the processor had stopped after storing the first part: the second part, its
    // callbacks and the split mark are missing; the request is redelivered.
    Part lost = parts.get(1);
    db.getCollection("notify_parts").deleteOne(Filters.eq("_id", lost.id()));
    db.getCollection("notify_callbacks").deleteMany(Filters.eq("partId", lost.id()));
    db.getCollection("notify_messages")
        .updateOne(Filters.eq("_id", r.id()), Updates.set("state", "accepted"));
    handedOver.clear();

    processor.handle(NotificationCodec.fromXml(NotificationCodec.toXml(r)), out);

    assertThat(messages.partsOf(r.id()))
        .extracting(Part::id)
        .containsExactlyInAnyOrder(parts.get(0).id(), lost.id());
    assertThat(messages.isSplit(r.id())).isTrue();
    assertThat(messages.findPart(lost.id()).orElseThrow().status()).isEqualTo(PartStatus.QUEUED);
    assertThat(handedOver).contains(lost.id());
    assertThat(callbackIds())
        .containsExactlyInAnyOrder(
            parts.get(0).id() + "#0000",
            parts.get(0).id() + "#0001",
            lost.id() + "#0000",
            lost.id() + "#0001");
  }

  @Test
  void aRedeliveredRequestQueuesNoCallbackTwiceEvenAfterCallbacksWerePosted() {
    NotificationRequest r = request();
    processor.handle(r, out);
    List<Part> parts = messages.partsOf(r.id());
    // The first callback was posted (recorded in the history); then the request comes again.
    for (Part p : parts) {
      messages.recordCallback(p.id(), "pending", "HTTP 204 (attempt 1)");
    }
    db.getCollection("notify_messages")
        .updateOne(Filters.eq("_id", r.id()), Updates.set("state", "accepted"));
    List<String> before = callbackIds();

    processor.handle(r, out);

    assertThat(callbackIds()).containsExactlyInAnyOrderElementsOf(before).hasSize(4);
    for (Part p : messages.partsOf(r.id())) {
      assertThat(p.status()).isEqualTo(PartStatus.QUEUED);
    }
  }
}
