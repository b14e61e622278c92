package io.switchboard.operator.catalog;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the operator writes into a server's store: the resource with its spec and identifying
 * metadata only (no status, finalizers, managed fields or owner references, none of which the
 * services read), and a Secret as its decoded values.
 */
public final class StoredForm {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private StoredForm() {}

  /** A copy of a Channel, Template or Application as the store keeps it. */
  public static <R extends CustomResource<?, ?>> R of(R resource) {
    R copy = SERIALIZATION.clone(resource);
    ObjectMeta meta = resource.getMetadata();
    copy.setMetadata(
        new ObjectMetaBuilder()
            .withName(meta.getName())
            .withNamespace(meta.getNamespace())
            .withLabels(meta.getLabels())
            .withGeneration(meta.getGeneration())
            .withUid(meta.getUid())
            .build());
    copy.setStatus(null);
    return copy;
  }

  /** A Secret's values, {@code data} decoded and {@code stringData} as it is. */
  public static Map<String, String> secretValues(Secret secret) {
    Map<String, String> values = new TreeMap<>();
    if (secret.getData() != null) {
      for (Map.Entry<String, String> e : secret.getData().entrySet()) {
        values.put(
            e.getKey(),
            new String(Base64.getMimeDecoder().decode(e.getValue()), StandardCharsets.UTF_8));
      }
    }
    if (secret.getStringData() != null) {
      values.putAll(secret.getStringData());
    }
    return values;
  }
}
