package io.switchboard.processor.caps;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.Route;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionEntry;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.processor.iq.IqResultHandler;
import io.switchboard.processor.presence.PresenceListener;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.Stanzas;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns what clients announce through entity capabilities (XEP-0115), as ejabberd's mod_caps does:
 * when a resource's presence carries a verification string the server does not know, the server
 * asks that resource for the disco#info of {@code node#ver} once, checks the answer against the
 * string, and keeps it in the {@link CapsStore} for every client that sends the same string. The
 * {@link CapsObserver}s hear about the features of a resource whenever they become known.
 *
 * <p>Resources that send the same unknown string while the question is out wait for the one answer;
 * a question not answered within {@link #QUESTION_TIMEOUT} is asked again at the next such
 * presence. Answers are recognized by their id, which also names the hash function, so a processor
 * that did not ask still checks and keeps an answer (distributed mode).
 */
@Singleton
public class CapsResolver implements PresenceListener, IqResultHandler {

  private static final Logger LOG = LoggerFactory.getLogger(CapsResolver.class);

  static final String ID_PREFIX = "sb-caps:";
  static final Duration QUESTION_TIMEOUT = Duration.ofSeconds(30);

  /** A resource waiting for an answer: its session, and the features it had before. */
  private record Waiting(SessionEntry resource, Set<String> before) {}

  /** An open question: its id, and the resources waiting for the answer. */
  private record Question(String id, ClientCaps caps, Map<Jid, Waiting> waiting) {}

  private final CapsStore store;
  private final SessionTable sessions;
  private final List<CapsObserver> observers;
  private final String domain;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Question> questions =
      Caffeine.newBuilder().expireAfterWrite(QUESTION_TIMEOUT).maximumSize(10_000).build();

  @Inject
  public CapsResolver(
      CapsStore store,
      SessionTable sessions,
      List<CapsObserver> observers,
      SwitchboardConfig config) {
    this(store, sessions, observers, config.domain());
  }

  CapsResolver(
      CapsStore store, SessionTable sessions, List<CapsObserver> observers, String domain) {
    this.store = store;
    this.sessions = sessions;
    this.observers = List.copyOf(observers);
    this.domain = domain;
  }

  @Override
  public void available(SessionEntry before, SessionEntry after, boolean initial, StageOutput out) {
    ClientCaps now = ClientCaps.of(after.presence());
    if (now == null) {
      return; // no capabilities: no interests expressed
    }
    ClientCaps was = initial ? null : ClientCaps.of(before.presence());
    if (now.equals(was)) {
      return;
    }
    Set<String> previous = was == null ? Set.of() : store.features(was).orElse(Set.of());
    Optional<Set<String>> features = store.features(now);
    if (features.isPresent()) {
      tell(after, previous, features.get(), out);
      return;
    }
    boolean[] asked = {false};
    Question q =
        questions
            .asMap()
            .computeIfAbsent(
                now.key(),
                k -> {
                  asked[0] = true;
                  return new Question(newId(now), now, new ConcurrentHashMap<>());
                });
    q.waiting().put(after.jid(), new Waiting(after, previous));
    if (asked[0]) {
      XmlElement iq =
          XmlElement.builder("iq", Stanzas.CLIENT_NS)
              .attr("type", "get")
              .attr("id", q.id())
              .attr("from", domain)
              .attr("to", after.jid().toString())
              .child(
                  XmlElement.builder("query", CapsVerification.DISCO_INFO_NS)
                      .attr("node", now.discoNode())
                      .build())
              .build();
      out.deliver(Route.deliver(after.jid(), after.nodeId()), iq);
    }
  }

  @Override
  public boolean accepts(Stanza iq) {
    return iq.id() != null && iq.id().startsWith(ID_PREFIX) && iq.from() != null;
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    XmlElement query = iq.payload();
    Question q = findById(iq.id());
    ClientCaps caps = q != null ? q.caps() : fromNode(hashOf(iq.id()), query);
    if (q != null) {
      questions.asMap().remove(q.caps().key(), q);
    }
    if (!"result".equals(iq.type())
        || caps == null
        || query == null
        || !query.name().equals("query")
        || !query.namespace().equals(CapsVerification.DISCO_INFO_NS)) {
      return; // an error or no answer: the next presence with that string asks again
    }
    if (!CapsVerification.matches(query, caps.hash(), caps.ver())) {
      LOG.debug("disco#info of {} does not hash to {}", iq.from(), caps.ver());
      return;
    }
    Set<String> features = new HashSet<>();
    for (XmlElement f : query.elements()) {
      if (f.name().equals("feature") && f.attr("var") != null) {
        features.add(f.attr("var"));
      }
    }
    store.save(caps, features);
    Map<Jid, Waiting> waiting = new HashMap<>();
    if (q != null) {
      waiting.putAll(q.waiting());
    }
    if (!waiting.containsKey(iq.from())) {
      // Asked by another process: the answering resource, as the session table shows it.
      Optional<SessionEntry> s = sessions.session(iq.from());
      if (s.isPresent() && s.get().available() && caps.equals(ClientCaps.of(s.get().presence()))) {
        waiting.put(iq.from(), new Waiting(s.get(), Set.of()));
      }
    }
    for (Waiting w : waiting.values()) {
      Optional<SessionEntry> now = sessions.session(w.resource().jid());
      // A resource that announces other capabilities by now has a newer presence, which speaks
      // for itself. (One this process's session table does not show yet is still told.)
      if (now.isPresent()
          && now.get().available()
          && !caps.equals(ClientCaps.of(now.get().presence()))) {
        continue;
      }
      tell(w.resource(), w.before(), Set.copyOf(features), out);
    }
  }

  /** The capabilities an answer names in its {@code node} ({@code <node>#<ver>}), or null. */
  private static ClientCaps fromNode(String hash, XmlElement query) {
    String node = query == null ? null : query.attr("node");
    int mark = node == null ? -1 : node.lastIndexOf('#');
    if (hash == null || mark <= 0 || mark == node.length() - 1) {
      return null;
    }
    return new ClientCaps(hash, node.substring(0, mark), node.substring(mark + 1));
  }

  private void tell(SessionEntry resource, Set<String> before, Set<String> now, StageOutput out) {
    for (CapsObserver o : observers) {
      try {
        o.featuresKnown(resource, before, now, out);
      } catch (RuntimeException e) {
        LOG.warn("capabilities observer {} failed for {}: {}", o, resource.jid(), e.toString());
      }
    }
  }

  private Question findById(String id) {
    for (Question q : questions.asMap().values()) {
      if (q.id().equals(id)) {
        return q;
      }
    }
    return null;
  }

  private String newId(ClientCaps caps) {
    byte[] bytes = new byte[8];
    random.nextBytes(bytes);
    return ID_PREFIX + caps.hash() + ":" + HexFormat.of().formatHex(bytes);
  }

  /** The hash function named in a question's id, or null. */
  static String hashOf(String id) {
    if (id == null || !id.startsWith(ID_PREFIX)) {
      return null;
    }
    int end = id.lastIndexOf(':');
    return end <= ID_PREFIX.length() ? null : id.substring(ID_PREFIX.length(), end);
  }
}
