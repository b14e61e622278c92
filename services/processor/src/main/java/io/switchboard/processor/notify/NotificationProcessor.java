package io.switchboard.processor.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micronaut.context.annotation.Value;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.metrics.PipelineMetrics;
import io.switchboard.core.notify.apps.AddressBook;
import io.switchboard.core.notify.catalog.CatalogService;
import io.switchboard.core.notify.message.FallbackParts;
import io.switchboard.core.notify.message.InboxStore;
import io.switchboard.core.notify.message.MessageStore;
import io.switchboard.core.notify.message.NotificationCodec;
import io.switchboard.core.notify.message.NotificationRequest;
import io.switchboard.core.notify.message.Part;
import io.switchboard.core.notify.message.PartStatus;
import io.switchboard.core.notify.message.PartStatusRecorder;
import io.switchboard.core.notify.template.TemplateRenderer;
import io.switchboard.core.pipeline.Destination;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.EnvelopeKind;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.user.UserStore;
import io.switchboard.crds.Application;
import io.switchboard.processor.presence.PresenceListener;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor's part of the notification center (docs/notifications.md): stores an accepted
 * request, splits it into parts, files in-app parts into the inbox and pushes them into the user's
 * live XMPP sessions (or leaves them pending until the user's next initial presence), and hands
 * external parts to the router. Every step is idempotent, so that a redelivered request changes
 * nothing and sends nothing twice.
 */
@Singleton
public class NotificationProcessor implements PresenceListener {

  /** XEP-0335 JSON container, the machine-readable payload of an in-app headline. */
  static final String JSON_NS = "urn:xmpp:json:0";

  private static final Logger LOG = LoggerFactory.getLogger(NotificationProcessor.class);
  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final int PENDING_BATCH = 200;

  private final CatalogService catalog;
  private final NotificationSplitter splitter;
  private final MessageStore messages;
  private final PartStatusRecorder status;
  private final FallbackParts fallbacks;
  private final InboxStore inbox;
  private final AddressBook addresses;
  private final UserStore users;
  private final SessionTable sessions;
  private final PipelineMetrics metrics;
  private final Clock clock;
  private final Jid sender;

  public NotificationProcessor(
      CatalogService catalog,
      TemplateRenderer renderer,
      MessageStore messages,
      PartStatusRecorder status,
      FallbackParts fallbacks,
      InboxStore inbox,
      AddressBook addresses,
      UserStore users,
      SessionTable sessions,
      PipelineMetrics metrics,
      Clock clock,
      SwitchboardConfig config,
      @Value("${switchboard.notify.sender-resource:notifications}") String senderResource) {
    this.catalog = catalog;
    this.splitter = new NotificationSplitter(renderer);
    this.messages = messages;
    this.status = status;
    this.fallbacks = fallbacks;
    this.inbox = inbox;
    this.addresses = addresses;
    this.users = users;
    this.sessions = sessions;
    this.metrics = metrics;
    this.clock = clock;
    this.sender = Jid.of(null, config.domain(), senderResource);
  }

  /** The address in-app headlines come from: the server's domain with a resource. */
  public Jid sender() {
    return sender;
  }

  /** Handles one {@code <notify/>} command envelope. */
  public void process(Envelope in, StageOutput out) {
    NotificationRequest r;
    try {
      r = NotificationCodec.fromXml(in.payload());
    } catch (IllegalArgumentException e) {
      LOG.warn("dropping notification envelope {}: {}", in.id(), e.getMessage());
      metrics.error("processor", "bad-notification");
      return;
    }
    handle(r, out);
  }

  void handle(NotificationRequest r, StageOutput out) {
    messages.insertRequest(r);
    List<Part> parts = messages.partsOf(r.id());
    // Parts are stored one by one and the request is marked split after them: a processor stopped
    // in between leaves some parts stored, and the redelivered request makes the rest.
    if (parts.isEmpty() || !messages.isSplit(r.id())) {
      String callbackUrl = callbackUrl(r);
      NotificationSplitter.Split split =
          splitter.split(
              r,
              catalog.get(),
              name -> {
                try {
                  return users.exists(users.jidOf(name));
                } catch (IllegalArgumentException e) {
                  return false;
                }
              },
              addresses::of,
              clock.instant());
      List<Part> made = new ArrayList<>();
      for (Part p : split.parts()) {
        made.add(withCallback(p, callbackUrl));
      }
      messages.insertParts(made);
      parts = messages.partsOf(r.id());
      for (Part p : parts) {
        // Idempotent: a part whose first callback is queued already is left as it is.
        status.created(p);
      }
      messages.markSplit(
          r.id(),
          parts,
          split.unreachable().isEmpty()
              ? null
              : "unreachable: " + String.join("; ", split.unreachable()));
      metrics.count(parts.size(), "switchboard_notify_parts_created");
    }
    for (Part p : withFallbacks(parts)) {
      dispatch(p, r, out);
    }
  }

  /**
   * The parts and the fallback parts of those that failed at the split (a template variant that
   * does not render): made once, found again on a redelivery.
   */
  private List<Part> withFallbacks(List<Part> parts) {
    List<Part> all = new ArrayList<>(parts);
    for (Part p : parts) {
      if (p.status() != PartStatus.FAILED || p.fallbackOf() != null) {
        continue;
      }
      String reason =
          p.history().isEmpty() ? "failed" : p.history().get(p.history().size() - 1).detail();
      Optional<Part> fallback = fallbacks.create(p, reason, catalog.get());
      if (fallback.isPresent() && all.stream().noneMatch(q -> q.id().equals(fallback.get().id()))) {
        all.add(fallback.get());
        metrics.count(
            "switchboard_notify_fallbacks", "from", p.channel(), "to", fallback.get().channel());
      }
    }
    return all;
  }

  /**
   * Dispatches one stored part made after the split: an in-app fallback part the router made when
   * the part it stands in for failed. Idempotent like the split's dispatch.
   */
  public void dispatchPart(String partId, StageOutput out) {
    messages
        .findPart(partId)
        .ifPresent(p -> messages.findRequest(p.messageId()).ifPresent(r -> dispatch(p, r, out)));
  }

  private void dispatch(Part p, NotificationRequest r, StageOutput out) {
    if ("inApp".equals(p.type())) {
      if (p.status() == PartStatus.PENDING) {
        inbox.add(p, r.data());
        List<SessionEntry> live = available(p.user());
        if (!live.isEmpty()) {
          // Status first: a redelivery finds it sent and does not push it again.
          status
              .transition(
                  p.id(), PartStatus.SENT, "pushed to " + live.size() + " session(s)", -1, null)
              .ifPresent(sent -> push(sent, r.data(), live, out));
        }
      }
      return;
    }
    if (p.status() == PartStatus.PENDING) {
      status.transition(p.id(), PartStatus.QUEUED, "handed to the router", -1, null);
      hand(p.id(), out);
    } else if (p.status() == PartStatus.QUEUED) {
      // Queued by an earlier attempt that may have stopped before handing it on; the router
      // claims a part before sending, so a second hand-over is harmless.
      hand(p.id(), out);
    }
  }

  private void hand(String partId, StageOutput out) {
    out.emit(
        Destination.ROUTER, EnvelopeKind.COMMAND, null, NotificationCodec.partHandOver(partId));
  }

  /** XEP-0160's moment for notifications: in-app parts that waited for the user are pushed now. */
  @Override
  public void available(SessionEntry before, SessionEntry after, boolean initial, StageOutput out) {
    if (!initial || after.jid().local() == null) {
      return;
    }
    String user = after.jid().local();
    for (Part p : messages.pendingInApp(user, PENDING_BATCH)) {
      Map<String, Object> data =
          messages.findRequest(p.messageId()).map(NotificationRequest::data).orElse(Map.of());
      status
          .transition(p.id(), PartStatus.SENT, "pushed at login to " + after.jid(), -1, null)
          .ifPresent(sent -> push(sent, data, List.of(after), out));
    }
  }

  private List<SessionEntry> available(String user) {
    if (user == null) {
      return List.of();
    }
    Jid bare;
    try {
      bare = users.jidOf(user);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    return sessions.sessions(bare).stream().filter(SessionEntry::available).toList();
  }

  private void push(Part p, Map<String, Object> data, List<SessionEntry> to, StageOutput out) {
    for (SessionEntry s : to) {
      out.deliver(Route.deliver(s.jid(), s.nodeId()), headline(p, data, s.jid()));
    }
    metrics.count("switchboard_notify_inapp_pushed");
  }

  /**
   * The in-app message: a {@code headline} (RFC 6121 §5.2.2: not stored offline, not archived as
   * chat) with the subject and body, and the part as JSON in a XEP-0335 container.
   */
  XmlElement headline(Part p, Map<String, Object> data, Jid to) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("messageId", p.messageId());
    json.put("partId", p.id());
    json.put("application", p.application());
    json.put("subject", p.subject());
    json.put("body", p.body());
    json.put("format", p.format());
    json.put("data", data);
    String payload;
    try {
      payload = JSON.writeValueAsString(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    XmlElement.Builder m =
        XmlElement.builder("message", io.switchboard.xmpp.Stanzas.CLIENT_NS)
            .attr("type", "headline")
            .attr("from", sender.toString())
            .attr("to", to.toString())
            .attr("id", p.id());
    if (p.subject() != null) {
      m.child(
          XmlElement.builder("subject", io.switchboard.xmpp.Stanzas.CLIENT_NS)
              .text(p.subject())
              .build());
    }
    m.child(
        XmlElement.builder("body", io.switchboard.xmpp.Stanzas.CLIENT_NS).text(p.body()).build());
    m.child(XmlElement.builder("json", JSON_NS).text(payload).build());
    return m.build();
  }

  private String callbackUrl(NotificationRequest r) {
    if (r.callbackUrl() != null) {
      return r.callbackUrl();
    }
    return catalog
        .get()
        .application(r.application())
        .map(Application::getSpec)
        .map(s -> s.getCallbackUrl())
        .orElse(null);
  }

  private static Part withCallback(Part p, String url) {
    return new Part(
        p.id(),
        p.messageId(),
        p.application(),
        p.recipient(),
        p.user(),
        p.channel(),
        p.type(),
        p.address(),
        p.subject(),
        p.body(),
        p.format(),
        p.status(),
        p.attempts(),
        p.nextAttemptAt(),
        p.created(),
        p.history(),
        url,
        p.fallbackOf());
  }
}
