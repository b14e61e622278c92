package io.switchboard.processor.vcard;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.StreamErrorException;
import io.switchboard.xmpp.XmlElement;
import io.switchboard.xmpp.XmlParser;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * vCards (XEP-0054) in the {@code vcards} collection: {@code _id} is the bare JID, {@code xml} the
 * serialized vCard, {@code fn} and {@code email} what user search shows, {@code fnLower} and {@code
 * emailLower} the same lowercased for case-insensitive search, {@code updated} the time of the last
 * write. A write replaces the whole document, so repeating one is harmless.
 */
@Singleton
public class VCardStore implements AccountData {

  private final MongoCollection<Document> vcards;
  private final Clock clock;

  public VCardStore(MongoDatabase db, Clock clock) {
    this.vcards = db.getCollection("vcards");
    this.clock = clock;
    vcards.createIndex(Indexes.ascending("emailLower"));
  }

  public Optional<XmlElement> find(Jid account) {
    Document doc = vcards.find(Filters.eq("_id", account.bare().toString())).first();
    if (doc == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(XmlParser.parse(doc.getString("xml")));
    } catch (StreamErrorException e) {
      throw new IllegalStateException("unreadable vCard of " + account, e);
    }
  }

  /** Stores an account's vCard, replacing the previous one. */
  public void put(Jid account, XmlElement vcard) {
    String fn = formattedName(vcard);
    String email = email(vcard);
    Document doc =
        new Document("_id", account.bare().toString())
            .append("xml", vcard.toXml())
            .append("fn", fn)
            .append("email", email)
            .append("fnLower", fn.toLowerCase(Locale.ROOT))
            .append("emailLower", email.toLowerCase(Locale.ROOT))
            .append("updated", Date.from(clock.instant()));
    vcards.replaceOne(Filters.eq("_id", doc.get("_id")), doc, new ReplaceOptions().upsert(true));
  }

  /** Removes an account's vCard; false if it had none. */
  public boolean delete(Jid account) {
    return vcards.deleteOne(Filters.eq("_id", account.bare().toString())).getDeletedCount() == 1;
  }

  @Override
  public void deleteAccountData(Jid account) {
    delete(account);
  }

  /**
   * vCards matching every given criterion, in JID order. Criteria are lowercase; null means no
   * criterion, and at least one must be given.
   *
   * @param localPrefix the localpart starts with this
   * @param fnWordPrefix a word of the formatted name starts with this
   * @param emailPrefix the e-mail address starts with this
   */
  public List<VCardSummary> search(
      String localPrefix, String fnWordPrefix, String emailPrefix, int limit) {
    List<Bson> filters = new ArrayList<>();
    if (localPrefix != null) {
      filters.add(Filters.regex("_id", "^" + quote(localPrefix) + "[^@]*@"));
    }
    if (fnWordPrefix != null) {
      filters.add(Filters.regex("fnLower", "(^|\\s)" + quote(fnWordPrefix)));
    }
    if (emailPrefix != null) {
      filters.add(Filters.regex("emailLower", "^" + quote(emailPrefix)));
    }
    if (filters.isEmpty()) {
      throw new IllegalArgumentException("no search criterion");
    }
    List<VCardSummary> out = new ArrayList<>();
    for (Document d :
        vcards
            .find(Filters.and(filters))
            .projection(Projections.include("fn", "email"))
            .sort(Sorts.ascending("_id"))
            .limit(limit)) {
      out.add(summary(d));
    }
    return out;
  }

  /** The summaries of those of these accounts that have a vCard. */
  public Map<Jid, VCardSummary> summaries(Collection<Jid> accounts) {
    Map<Jid, VCardSummary> out = new HashMap<>();
    if (accounts.isEmpty()) {
      return out;
    }
    List<String> ids = new ArrayList<>();
    accounts.forEach(j -> ids.add(j.bare().toString()));
    for (Document d :
        vcards.find(Filters.in("_id", ids)).projection(Projections.include("fn", "email"))) {
      VCardSummary s = summary(d);
      out.put(s.jid(), s);
    }
    return out;
  }

  private static VCardSummary summary(Document d) {
    return new VCardSummary(
        Jid.of(d.getString("_id")),
        d.getString("fn") == null ? "" : d.getString("fn"),
        d.getString("email") == null ? "" : d.getString("email"));
  }

  /** FN, or the given and family names of N when there is no FN. */
  static String formattedName(XmlElement vcard) {
    String fn = vcard.childText("FN", VCardHandler.NS);
    if (fn != null && !fn.isBlank()) {
      return fn.strip();
    }
    XmlElement n = vcard.child("N", VCardHandler.NS);
    if (n == null) {
      return "";
    }
    String given = n.childText("GIVEN", VCardHandler.NS);
    String family = n.childText("FAMILY", VCardHandler.NS);
    return ((given == null ? "" : given.strip()) + " " + (family == null ? "" : family.strip()))
        .strip();
  }

  /** The first EMAIL's USERID (or its text, as some clients write it). */
  static String email(XmlElement vcard) {
    for (XmlElement e : vcard.elements()) {
      if (e.name().equals("EMAIL") && e.namespace().equals(VCardHandler.NS)) {
        String userId = e.childText("USERID", VCardHandler.NS);
        String address = userId != null ? userId : e.text();
        if (!address.isBlank()) {
          return address.strip();
        }
      }
    }
    return "";
  }

  /**
   * Escapes ASCII punctuation so that the text matches literally in a regular expression, in Java
   * and in MongoDB (PCRE) alike.
   */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80 && !Character.isLetterOrDigit(c)) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
