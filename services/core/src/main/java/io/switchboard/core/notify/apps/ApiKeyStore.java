package io.switchboard.core.notify.apps;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bson.Document;

/**
 * Applications' access keys in the {@code api_keys} collection: {@code _id} the access key id,
 * {@code application}, {@code secret} (the secret key encrypted with {@link SecretCipher}, bound to
 * the id), {@code enabled}, {@code created}. Look-ups are cached for a few seconds, so that a
 * disabled key stops working everywhere within that time without a database read per request.
 */
@Singleton
public class ApiKeyStore {

  public static final Pattern APPLICATION_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  static final Duration CACHE_TTL = Duration.ofSeconds(5);

  private final MongoCollection<Document> keys;
  private final SecretCipher cipher;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private final Cache<String, Optional<ApiKey>> cache =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(CACHE_TTL).build();

  public ApiKeyStore(MongoDatabase db, SecretCipher cipher, Clock clock) {
    this.keys = db.getCollection("api_keys");
    this.cipher = cipher;
    this.clock = clock;
    keys.createIndex(Indexes.ascending("application"));
  }

  /** Issues a new key pair for an application; the only time the secret key is shown. */
  public ApiKey create(String application) {
    if (!APPLICATION_NAME.matcher(application).matches()) {
      throw new IllegalArgumentException(
          "an application name is 1-63 of a-z 0-9 - (like a Kubernetes name): " + application);
    }
    String id = "SB" + HexFormat.of().withUpperCase().formatHex(bytes(10));
    String secret = HexFormat.of().formatHex(bytes(32));
    return put(id, application, secret);
  }

  /**
   * Stores a key pair made elsewhere (the operator generates the secret into a Kubernetes Secret
   * and writes the pair here). Replaces a key with the same id.
   */
  public ApiKey put(String accessKeyId, String application, String secretKey) {
    Date now = Date.from(clock.instant());
    Document doc =
        new Document("_id", accessKeyId)
            .append("application", application)
            .append("secret", cipher.encrypt(secretKey, accessKeyId))
            .append("enabled", true)
            .append("created", now);
    keys.replaceOne(
        Filters.eq("_id", accessKeyId),
        doc,
        new com.mongodb.client.model.ReplaceOptions().upsert(true));
    cache.invalidate(accessKeyId);
    return new ApiKey(accessKeyId, application, secretKey, true, now.toInstant());
  }

  /** The key with this id, enabled or not. */
  public Optional<ApiKey> find(String accessKeyId) {
    return cache.get(accessKeyId, this::load);
  }

  /**
   * The newest enabled key of an application, with its secret: what status callbacks to that
   * application are signed with.
   */
  public Optional<ApiKey> activeKeyOf(String application) {
    Document d =
        keys.find(Filters.and(Filters.eq("application", application), Filters.eq("enabled", true)))
            .sort(Sorts.descending("created"))
            .first();
    return d == null ? Optional.empty() : find(d.getString("_id"));
  }

  /** The keys of every application, secret keys left out. */
  public List<ApiKey> list() {
    List<ApiKey> all = new ArrayList<>();
    for (Document d : keys.find().sort(Sorts.ascending("application", "created"))) {
      all.add(
          new ApiKey(
              d.getString("_id"),
              d.getString("application"),
              null,
              d.getBoolean("enabled", true),
              d.getDate("created").toInstant()));
    }
    return all;
  }

  /** Disables every key of an application; the number disabled. */
  public long disable(String application) {
    long n =
        keys.updateMany(Filters.eq("application", application), Updates.set("enabled", false))
            .getModifiedCount();
    cache.invalidateAll();
    return n;
  }

  /**
   * Removes one key (the operator replaced an Application's key pair); true when it existed. Other
   * keys of the application stay.
   */
  public boolean delete(String accessKeyId) {
    boolean deleted = keys.deleteOne(Filters.eq("_id", accessKeyId)).getDeletedCount() > 0;
    cache.invalidate(accessKeyId);
    return deleted;
  }

  /** Removes every key of an application (the Application was deleted). */
  public long deleteApplication(String application) {
    long n = keys.deleteMany(Filters.eq("application", application)).getDeletedCount();
    cache.invalidateAll();
    return n;
  }

  private Optional<ApiKey> load(String accessKeyId) {
    Document d = keys.find(Filters.eq("_id", accessKeyId)).first();
    if (d == null) {
      return Optional.empty();
    }
    return Optional.of(
        new ApiKey(
            accessKeyId,
            d.getString("application"),
            cipher.decrypt(d.getString("secret"), accessKeyId),
            d.getBoolean("enabled", true),
            d.getDate("created").toInstant()));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }
}
