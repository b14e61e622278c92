package io.switchboard.processor.adhoc;

import io.micronaut.context.annotation.Value;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.core.pipeline.Envelope;
import io.switchboard.core.pipeline.StageOutput;
import io.switchboard.core.session.SessionTable;
import io.switchboard.core.stanza.Replies;
import io.switchboard.core.stanza.Stanza;
import io.switchboard.core.user.UserStore;
import io.switchboard.processor.account.AccountRemoval;
import io.switchboard.processor.disco.DiscoItemsProvider;
import io.switchboard.processor.iq.IqHandler;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.StanzaError;
import io.switchboard.xmpp.XmlElement;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server administration over ad-hoc commands (XEP-0050 with the XEP-0133 nodes): add a user, delete
 * users, change a user's password, count the online resources. Only accounts listed in {@code
 * switchboard.xmpp-admins} may see or run them. Stateless: the first request answers with the form,
 * the request that carries the submitted form runs the command, so any processor replica can take
 * any step.
 */
@Singleton
public class AdminCommandsHandler implements IqHandler, DiscoItemsProvider {

  static final String NS = "http://jabber.org/protocol/commands";
  static final String ADMIN = "http://jabber.org/protocol/admin";
  static final String DATA = "jabber:x:data";
  private static final Logger LOG = LoggerFactory.getLogger(AdminCommandsHandler.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The commands, by node, with their names. */
  private static final Map<String, String> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put(ADMIN + "#add-user", "Add a user");
    COMMANDS.put(ADMIN + "#delete-user", "Delete users");
    COMMANDS.put(ADMIN + "#change-user-password", "Change a user's password");
    COMMANDS.put(ADMIN + "#get-online-users-num", "Count online resources");
    COMMANDS.put(ADMIN + "#get-online-users-list", "List online users");
  }

  private final UserStore users;
  private final AccountRemoval removal;
  private final SessionTable sessions;
  private final String domain;
  private final Set<Jid> admins;

  public AdminCommandsHandler(
      UserStore users,
      AccountRemoval removal,
      SessionTable sessions,
      SwitchboardConfig config,
      @Value("${switchboard.xmpp-admins:}") List<String> admins) {
    this.users = users;
    this.removal = removal;
    this.sessions = sessions;
    this.domain = config.domain();
    this.admins =
        admins.stream()
            .filter(a -> !a.isBlank())
            .map(a -> Jid.of(a.trim()).bare())
            .collect(Collectors.toSet());
  }

  @Override
  public String element() {
    return "command";
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
  public String node() {
    return NS;
  }

  @Override
  public List<XmlElement> items(Jid requester) {
    List<XmlElement> items = new ArrayList<>();
    if (requester != null && admins.contains(requester.bare())) {
      COMMANDS.forEach(
          (node, name) ->
              items.add(
                  XmlElement.builder("item", "http://jabber.org/protocol/disco#items")
                      .attr("jid", domain)
                      .attr("node", node)
                      .attr("name", name)
                      .build()));
    }
    return items;
  }

  @Override
  public void handle(Stanza iq, Envelope in, StageOutput out) {
    XmlElement command = iq.payload();
    String node = command.attr("node");
    if (iq.to() != null && iq.to().local() != null) {
      Replies.error(in, iq.element(), StanzaError.SERVICE_UNAVAILABLE, null, domain, out);
      return;
    }
    if (!"set".equals(iq.type()) || node == null || !COMMANDS.containsKey(node)) {
      Replies.error(in, iq.element(), StanzaError.ITEM_NOT_FOUND, "no such command", domain, out);
      return;
    }
    if (!admins.contains(iq.from().bare())) {
      Replies.error(in, iq.element(), StanzaError.FORBIDDEN, "administrators only", domain, out);
      return;
    }
    String session = command.attr("sessionid") == null ? newSession() : command.attr("sessionid");
    String action = command.attr("action") == null ? "execute" : command.attr("action");
    if ("cancel".equals(action)) {
      reply(iq, in, out, node, session, "canceled", null, null);
      return;
    }
    XmlElement form = command.child("x", DATA);
    boolean submitted = form != null && "submit".equals(form.attr("type"));
    if (node.endsWith("#get-online-users-num")) {
      XmlElement result =
          form(
              "result",
              field(
                  "onlineusersnum",
                  "text-single",
                  "Online resources",
                  Integer.toString(sessions.size())));
      reply(iq, in, out, node, session, "completed", result, null);
      return;
    }
    if (node.endsWith("#get-online-users-list")) {
      XmlElement.Builder users =
          XmlElement.builder("field", DATA)
              .attr("var", "onlineuserjids")
              .attr("type", "jid-multi")
              .attr("label", "Online users");
      sessions.all().stream()
          .filter(e -> e.available())
          .map(e -> e.jid().bare().toString())
          .distinct()
          .sorted()
          .forEach(j -> users.child(XmlElement.builder("value", DATA).text(j).build()));
      reply(iq, in, out, node, session, "completed", form("result", users.build()), null);
      return;
    }
    if (!submitted) {
      reply(iq, in, out, node, session, "executing", formFor(node), null);
      return;
    }
    Map<String, List<String>> values = values(form);
    try {
      String note = run(node, values, out);
      LOG.info("{} ran {}", iq.from().bare(), node);
      reply(iq, in, out, node, session, "completed", null, note);
    } catch (CommandException e) {
      Replies.error(in, iq.element(), e.condition, e.getMessage(), domain, out);
    }
  }

  private String run(String node, Map<String, List<String>> values, StageOutput out)
      throws CommandException {
    switch (node.substring(node.indexOf('#') + 1)) {
      case "add-user":
        {
          Jid account = localAccount(first(values, "accountjid"));
          String password = first(values, "password");
          String verify =
              values.containsKey("password-verify") ? first(values, "password-verify") : password;
          if (!password.equals(verify)) {
            throw new CommandException(StanzaError.NOT_ACCEPTABLE, "the passwords differ");
          }
          if (!users.create(account.local(), password)) {
            throw new CommandException(StanzaError.CONFLICT, account + " already exists");
          }
          return "created " + account;
        }
      case "delete-user":
        {
          List<Jid> accounts = new ArrayList<>();
          for (String jid : values.getOrDefault("accountjids", List.of())) {
            accounts.add(localAccount(jid)); // all valid, or none is removed
          }
          List<String> deleted = new ArrayList<>();
          for (Jid account : accounts) {
            if (removal.remove(account, out)) {
              deleted.add(account.toString());
            }
          }
          return "deleted " + String.join(", ", deleted);
        }
      default:
        {
          Jid account = localAccount(first(values, "accountjid"));
          if (!users.changePassword(account.local(), first(values, "password"))) {
            throw new CommandException(StanzaError.ITEM_NOT_FOUND, "no user " + account);
          }
          return "changed the password of " + account;
        }
    }
  }

  private Jid localAccount(String value) throws CommandException {
    try {
      Jid jid = Jid.of(value).bare();
      if (jid.local() == null || !jid.domain().equals(domain)) {
        throw new CommandException(StanzaError.NOT_ACCEPTABLE, "not an account of " + domain);
      }
      return jid;
    } catch (JidFormatException e) {
      throw new CommandException(StanzaError.JID_MALFORMED, "not a valid JID: " + value);
    }
  }

  private static String first(Map<String, List<String>> values, String var)
      throws CommandException {
    List<String> v = values.get(var);
    if (v == null || v.isEmpty() || v.get(0).isEmpty()) {
      throw new CommandException(StanzaError.BAD_REQUEST, "missing field " + var);
    }
    return v.get(0);
  }

  private static Map<String, List<String>> values(XmlElement form) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (XmlElement f : form.elements()) {
      if ("field".equals(f.name()) && f.attr("var") != null) {
        List<String> vs = new ArrayList<>();
        for (XmlElement v : f.elements()) {
          if ("value".equals(v.name())) {
            vs.add(v.text());
          }
        }
        out.put(f.attr("var"), vs);
      }
    }
    return out;
  }

  private static XmlElement formFor(String node) {
    if (node.endsWith("#delete-user")) {
      return form("form", field("accountjids", "jid-multi", "The accounts to delete", null));
    }
    if (node.endsWith("#add-user")) {
      return form(
          "form",
          field("accountjid", "jid-single", "The account to add", null),
          field("password", "text-private", "The password", null),
          field("password-verify", "text-private", "The password again", null));
    }
    return form(
        "form",
        field("accountjid", "jid-single", "The account", null),
        field("password", "text-private", "The new password", null));
  }

  private static XmlElement form(String type, XmlElement... fields) {
    XmlElement.Builder x = XmlElement.builder("x", DATA).attr("type", type);
    x.child(field("FORM_TYPE", "hidden", null, ADMIN));
    for (XmlElement f : fields) {
      x.child(f);
    }
    return x.build();
  }

  private static XmlElement field(String var, String type, String label, String value) {
    XmlElement.Builder f = XmlElement.builder("field", DATA).attr("var", var).attr("type", type);
    if (label != null) {
      f.attr("label", label);
    }
    if ("jid-single".equals(type) || "text-private".equals(type) || "jid-multi".equals(type)) {
      f.child(XmlElement.builder("required", DATA).build());
    }
    if (value != null) {
      f.child(XmlElement.builder("value", DATA).text(value).build());
    }
    return f.build();
  }

  private void reply(
      Stanza iq,
      Envelope in,
      StageOutput out,
      String node,
      String session,
      String status,
      XmlElement form,
      String note) {
    XmlElement.Builder c =
        XmlElement.builder("command", NS)
            .attr("node", node)
            .attr("sessionid", session)
            .attr("status", status);
    if ("executing".equals(status)) {
      c.child(
          XmlElement.builder("actions", NS)
              .attr("execute", "complete")
              .child(XmlElement.builder("complete", NS).build())
              .build());
    }
    if (note != null) {
      c.child(XmlElement.builder("note", NS).attr("type", "info").text(note).build());
    }
    if (form != null) {
      c.child(form);
    }
    Replies.reply(in, Replies.iqResult(iq, domain, c.build()), out);
  }

  private static String newSession() {
    byte[] b = new byte[8];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** A command that cannot run, with the stanza error to answer. */
  private static final class CommandException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient StanzaError condition;

    CommandException(StanzaError condition, String message) {
      super(message);
      this.condition = condition;
    }
  }
}
