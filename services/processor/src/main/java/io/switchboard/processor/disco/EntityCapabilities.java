package io.switchboard.processor.disco;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The XEP-0115 verification string of a disco#info answer without extended forms: identities sorted
 * by category, type, language and name, then features in octet order, each followed by {@code <},
 * hashed with SHA-1 and Base64-encoded. A node {@code <anything>#<ver>} with this ver names the
 * same information, so the server answers queries for it.
 */
public final class EntityCapabilities {

  /** One disco identity. {@code lang} and {@code name} may be null. */
  public record Identity(String category, String type, String lang, String name) {}

  private static final Comparator<Identity> ORDER =
      Comparator.comparing(Identity::category)
          .thenComparing(Identity::type)
          .thenComparing(i -> i.lang() == null ? "" : i.lang())
          .thenComparing(i -> i.name() == null ? "" : i.name());

  private EntityCapabilities() {}

  /** The SHA-1 verification string (XEP-0115 §5.1). */
  public static String ver(Collection<Identity> identities, Collection<String> features) {
    List<Identity> sortedIdentities = new ArrayList<>(identities);
    sortedIdentities.sort(ORDER);
    List<String> sortedFeatures = new ArrayList<>(features);
    sortedFeatures.sort(Comparator.naturalOrder());
    StringBuilder s = new StringBuilder();
    for (Identity i : sortedIdentities) {
      s.append(i.category())
          .append('/')
          .append(i.type())
          .append('/')
          .append(i.lang() == null ? "" : i.lang())
          .append('/')
          .append(i.name() == null ? "" : i.name())
          .append('<');
    }
    for (String f : sortedFeatures) {
      s.append(f).append('<');
    }
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-1").digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is a required JDK algorithm", e);
    }
  }
}
