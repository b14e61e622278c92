package io.switchboard.operator.catalog;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.switchboard.operator.model.ServerResources;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names and labels of what the operator derives from Channels, Templates and Applications, in one
 * place (as {@link ServerResources} for a MessagingServer).
 */
public final class CatalogResources {

  /** Component label of an Application's key Secret. */
  public static final String API_KEY_COMPONENT = "api-key";

  /** Key of the access key id in an Application's key Secret. */
  public static final String ACCESS_KEY_ID = "accessKeyId";

  /** Key of the secret key in an Application's key Secret. */
  public static final String SECRET_KEY = "secretKey";

  /** Label naming the Application a key Secret belongs to. */
  public static final String LABEL_APPLICATION = "switchboard.io/application";

  private CatalogResources() {}

  /** The Secret holding an Application's key pair: {@code <application>-api-key}. */
  public static String keySecretName(String application) {
    return application + "-api-key";
  }

  /** Labels of an Application's key Secret. */
  public static Map<String, String> keySecretLabels(String application, String server) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(ServerResources.LABEL_NAME, "switchboard");
    labels.put(ServerResources.LABEL_INSTANCE, server);
    labels.put(ServerResources.LABEL_COMPONENT, API_KEY_COMPONENT);
    labels.put(ServerResources.LABEL_MANAGED_BY, ServerResources.MANAGER);
    labels.put(LABEL_APPLICATION, application);
    return labels;
  }

  /** Whether an object has a controller owner reference to {@code owner} (by uid). */
  public static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    if (object.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    return object.getMetadata().getOwnerReferences().stream()
        .anyMatch(
            r ->
                owner.getMetadata().getUid() != null
                    && owner.getMetadata().getUid().equals(r.getUid()));
  }
}
