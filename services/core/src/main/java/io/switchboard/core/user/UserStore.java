package io.switchboard.core.user;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.switchboard.core.config.SwitchboardConfig;
import io.switchboard.xmpp.Jid;
import io.switchboard.xmpp.JidFormatException;
import io.switchboard.xmpp.sasl.ScramAlgorithm;
import io.switchboard.xmpp.sasl.ScramCredential;
import jakarta.inject.Singleton;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Binary;

/**
 * Accounts in the {@code users} collection: {@code _id} is the bare JID, credentials are salted
 * SCRAM-SHA-1 and SCRAM-SHA-256 keys (RFC 5802 / 7677). Passwords are never stored, never logged.
 *
 * <p>An account being removed carries {@code removing: true} until its data is gone and the record
 * is deleted: meanwhile it cannot log in, is not found or listed, but its name stays taken, so a
 * new account of the same name cannot lose data to a removal still under way.
 */
@Singleton
public class UserStore {

  /**
   * Hashing settings.
   *
   * @param scramIterations PBKDF2 iterations for new credentials (4096 is the RFC 7677 minimum)
   */
  @ConfigurationProperties("switchboard.auth")
  public record AuthConfig(
      @Bindable(defaultValue = "4096") @Min(4096) @Max(1_000_000) int scramIterations) {}

  private static final int SALT_BYTES = 16;
  private static final String REMOVING = "removing";

  /** Accounts not being removed. */
  private static final Bson LIVE = Filters.ne(REMOVING, true);

  private final MongoCollection<Document> users;
  private final String domain;
  private final AuthConfig auth;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public UserStore(MongoDatabase db, SwitchboardConfig config, AuthConfig auth, Clock clock) {
    this.users = db.getCollection("users");
    this.domain = config.domain();
    this.auth = auth;
    this.clock = clock;
  }

  /**
   * The bare JID of a user name of this domain, normalized.
   *
   * @throws io.switchboard.xmpp.JidFormatException if the name is not a valid localpart
   */
  public Jid jidOf(String username) {
    return Jid.of(username, domain, null);
  }

  /**
   * The bare JID of {@code alice} or {@code alice@<this domain>}, normalized: how the admin API and
   * the CLI name accounts.
   *
   * @throws io.switchboard.xmpp.JidFormatException if it is not a valid localpart of this domain
   */
  public Jid accountOf(String nameOrJid) {
    String name = nameOrJid.strip();
    int at = name.lastIndexOf('@');
    if (at >= 0) {
      Jid jid = Jid.of(name);
      if (jid.local() == null
          || jid.resource() != null
          || !jid.domain().equals(Jid.of(null, domain, null).domain())) {
        throw new JidFormatException("not an account of " + domain + ": " + name);
      }
      return jid.bare();
    }
    return jidOf(name);
  }

  /** Creates an account; false if it exists. */
  public boolean create(String username, String password) {
    Jid jid = jidOf(username);
    validatePassword(password);
    Document doc =
        new Document("_id", jid.toString())
            .append("credentials", credentials(password))
            .append("created", Date.from(clock.instant()));
    try {
      users.insertOne(doc);
      return true;
    } catch (MongoWriteException e) {
      if (e.getError().getCategory() == ErrorCategory.DUPLICATE_KEY) {
        return false;
      }
      throw e;
    }
  }

  /** Replaces an account's credentials; false if there is no such account. */
  public boolean changePassword(String username, String password) {
    validatePassword(password);
    return users
            .updateOne(
                Filters.and(Filters.eq("_id", jidOf(username).toString()), LIVE),
                Updates.set("credentials", credentials(password)))
            .getMatchedCount()
        == 1;
  }

  /**
   * Deletes an account's record, the last step of account removal (see {@link AccountData}); false
   * if there was none.
   */
  public boolean delete(String username) {
    return users.deleteOne(Filters.eq("_id", jidOf(username).toString())).getDeletedCount() == 1;
  }

  /**
   * Marks an account as being removed: from now on it cannot log in and is not found, but its name
   * stays taken until {@link #delete}. Idempotent; false if there is no record of the account.
   */
  public boolean markRemoving(Jid bare) {
    return users
            .updateOne(Filters.eq("_id", bare.bare().toString()), Updates.set(REMOVING, true))
            .getMatchedCount()
        == 1;
  }

  /** Whether a record of the account exists, including one being removed. */
  public boolean hasRecord(Jid bare) {
    return users
            .find(Filters.eq("_id", bare.bare().toString()))
            .projection(Projections.include("_id"))
            .first()
        != null;
  }

  /** Whether the account exists and is not being removed. */
  public boolean exists(Jid bare) {
    return users.find(live(bare)).projection(Projections.include("_id")).first() != null;
  }

  public Optional<UserRecord> find(Jid bare) {
    Document doc = users.find(live(bare)).first();
    return Optional.ofNullable(doc).map(UserStore::toRecord);
  }

  private static Bson live(Jid bare) {
    return Filters.and(Filters.eq("_id", bare.bare().toString()), LIVE);
  }

  /** Bare JIDs in name order, a page at a time. */
  public List<Jid> list(int offset, int limit) {
    List<Jid> out = new ArrayList<>();
    for (Document d :
        users
            .find(LIVE)
            .projection(Projections.include("_id"))
            .sort(Sorts.ascending("_id"))
            .skip(offset)
            .limit(limit)) {
      out.add(Jid.of(d.getString("_id")));
    }
    return out;
  }

  public long count() {
    return users.countDocuments(LIVE);
  }

  private static void validatePassword(String password) {
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("password must not be empty");
    }
    if (password.length() > 1024) {
      throw new IllegalArgumentException("password longer than 1024 characters");
    }
  }

  private Document credentials(String password) {
    Document creds = new Document();
    for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
      byte[] salt = new byte[SALT_BYTES];
      random.nextBytes(salt);
      ScramCredential c = ScramCredential.derive(algorithm, password, salt, auth.scramIterations());
      creds.append(
          algorithm.mechanismName(),
          new Document("salt", new Binary(c.salt()))
              .append("iterations", c.iterations())
              .append("storedKey", new Binary(c.storedKey()))
              .append("serverKey", new Binary(c.serverKey())));
    }
    return creds;
  }

  private static UserRecord toRecord(Document doc) {
    Map<ScramAlgorithm, ScramCredential> creds = new EnumMap<>(ScramAlgorithm.class);
    Document all = doc.get("credentials", Document.class);
    for (ScramAlgorithm algorithm : ScramAlgorithm.values()) {
      Document c = all == null ? null : all.get(algorithm.mechanismName(), Document.class);
      if (c != null) {
        creds.put(
            algorithm,
            new ScramCredential(
                algorithm,
                c.get("salt", Binary.class).getData(),
                c.getInteger("iterations"),
                c.get("storedKey", Binary.class).getData(),
                c.get("serverKey", Binary.class).getData()));
      }
    }
    Date created = doc.getDate("created");
    return new UserRecord(
        Jid.of(doc.getString("_id")), creds, created == null ? null : created.toInstant());
  }
}
