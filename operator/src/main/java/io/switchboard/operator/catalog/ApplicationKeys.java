package io.switchboard.operator.catalog;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.switchboard.core.notify.apps.ApiKeyStore;
import io.switchboard.crds.Application;
import io.switchboard.operator.model.ServerResources;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Application's key pair: generated once into a Secret the Application owns, read back on every
 * reconcile so that it stays stable, and checked for form. Pure apart from the random source.
 */
public final class ApplicationKeys {

  /** An access key id as the services make them: {@code SB} and 20 upper-case hex digits. */
  public static final Pattern ACCESS_KEY_ID = Pattern.compile("^SB[0-9A-F]{20}$");

  /** A secret key: 64 lower-case hex digits (32 random bytes). */
  public static final Pattern SECRET_KEY = Pattern.compile("^[0-9a-f]{64}$");

  /** One key pair. */
  public record KeyPair(String accessKeyId, String secretKey) {

    @Override
    public String toString() {
      return "KeyPair[" + accessKeyId + ", secret hidden]";
    }
  }

  private ApplicationKeys() {}

  /** Problems of an Application that the schema cannot catch; empty when it is usable. */
  public static List<String> validate(Application application) {
    List<String> problems = new ArrayList<>();
    if (application.getSpec() == null) {
      problems.add("spec is required");
      return problems;
    }
    String name = application.getMetadata().getName();
    if (!ApiKeyStore.APPLICATION_NAME.matcher(name).matches()) {
      problems.add(
          "metadata.name must be 1-63 of a-z 0-9 - to name an application's keys: " + name);
    }
    return problems;
  }

  /** A fresh key pair in the services' format. */
  public static KeyPair generate(SecureRandom random) {
    byte[] id = new byte[10];
    byte[] secret = new byte[32];
    random.nextBytes(id);
    random.nextBytes(secret);
    return new KeyPair(
        "SB" + HexFormat.of().withUpperCase().formatHex(id), HexFormat.of().formatHex(secret));
  }

  /** The key Secret of an Application, owned by it. */
  public static Secret secret(Application application, String server, KeyPair pair) {
    String name = application.getMetadata().getName();
    return new SecretBuilder()
        .withNewMetadata()
        .withName(CatalogResources.keySecretName(name))
        .withNamespace(application.getMetadata().getNamespace())
        .withLabels(CatalogResources.keySecretLabels(name, server))
        .withOwnerReferences(ServerResources.ownerReference(application))
        .endMetadata()
        .withType("Opaque")
        .withData(
            Map.of(
                CatalogResources.ACCESS_KEY_ID, encode(pair.accessKeyId()),
                CatalogResources.SECRET_KEY, encode(pair.secretKey())))
        .build();
  }

  /** The key pair a Secret holds, or empty when it lacks one or holds a malformed one. */
  public static Optional<KeyPair> read(Secret secret) {
    String id = value(secret, CatalogResources.ACCESS_KEY_ID);
    String key = value(secret, CatalogResources.SECRET_KEY);
    if (id == null
        || key == null
        || !ACCESS_KEY_ID.matcher(id).matches()
        || !SECRET_KEY.matcher(key).matches()) {
      return Optional.empty();
    }
    return Optional.of(new KeyPair(id, key));
  }

  /** A value of a Secret, from {@code data} (base64) or {@code stringData}; null when absent. */
  public static String value(Secret secret, String key) {
    if (secret.getData() != null && secret.getData().get(key) != null) {
      try {
        return new String(
                Base64.getMimeDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8)
            .strip();
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    if (secret.getStringData() != null && secret.getStringData().get(key) != null) {
      return secret.getStringData().get(key).strip();
    }
    return null;
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
