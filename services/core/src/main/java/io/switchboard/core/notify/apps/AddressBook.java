package io.switchboard.core.notify.apps;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.switchboard.core.user.AccountData;
import io.switchboard.xmpp.Jid;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Where a platform user can be reached outside XMPP, per channel kind: collection {@code
 * notify_addresses}, {@code _id} the user name, one field per kind ({@code email}, {@code phone},
 * {@code webhook}). A user's channels for a notification are the requested ones they have an
 * address for; in-app needs none (every user has an XMPP account).
 */
@Singleton
public class AddressBook implements AccountData {

  /** The address kinds a user may have. */
  public static final Set<String> KINDS = Set.of("email", "phone", "webhook");

  static final Pattern EMAIL = Pattern.compile("[^@\\s<>\",;]{1,64}@[A-Za-z0-9.-]{1,253}");
  static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");

  private final MongoCollection<Document> addresses;

  public AddressBook(MongoDatabase db) {
    this.addresses = db.getCollection("notify_addresses");
  }

  /**
   * Why an address of a kind is not acceptable, or null when it is: e-mail {@code local@domain},
   * phone E.164 ({@code +4930123456}), webhook an http(s) URL.
   */
  public static String invalid(String kind, String value) {
    if (value == null || value.isBlank()) {
      return kind + " must not be empty";
    }
    return switch (kind.toLowerCase(Locale.ROOT)) {
      case "email" -> EMAIL.matcher(value).matches() ? null : "not an e-mail address: " + value;
      case "phone" ->
          PHONE.matcher(value).matches()
              ? null
              : "not an E.164 phone number (+ and digits): " + value;
      case "webhook" -> {
        try {
          java.net.URI uri = new java.net.URI(value);
          yield ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                  && uri.getHost() != null
              ? null
              : "not an http(s) URL: " + value;
        } catch (java.net.URISyntaxException e) {
          yield "not an http(s) URL: " + value;
        }
      }
      default -> "unknown address kind " + kind + " (one of " + KINDS + ")";
    };
  }

  /** Replaces a user's addresses. */
  public void put(String user, Map<String, String> byKind) {
    Document doc = new Document("_id", user);
    byKind.forEach(
        (k, v) -> {
          String problem = invalid(k, v);
          if (problem != null) {
            throw new IllegalArgumentException(problem);
          }
          doc.append(k.toLowerCase(Locale.ROOT), v);
        });
    addresses.replaceOne(Filters.eq("_id", user), doc, new ReplaceOptions().upsert(true));
  }

  /** A user's addresses by kind; empty when none are known. */
  public Map<String, String> of(String user) {
    Document d = addresses.find(Filters.eq("_id", user)).first();
    Map<String, String> all = new LinkedHashMap<>();
    if (d != null) {
      for (String kind : KINDS) {
        if (d.getString(kind) != null) {
          all.put(kind, d.getString(kind));
        }
      }
    }
    return all;
  }

  @Override
  public void deleteAccountData(Jid account) {
    addresses.deleteOne(Filters.eq("_id", account.local()));
  }
}
