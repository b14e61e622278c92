package io.switchboard.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.MessagingServer;
import io.switchboard.crds.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Switchboard's CRDs as the crd-generator wrote them into the {@code switchboard-crds} jar ({@code
 * META-INF/fabric8/<plural>.<group>-v1.yml}). On clusters Helm installs them; this is for API
 * servers nobody prepared: the Fabric8 mock server in the tests and in the reconcile benchmark,
 * which honours the status subresource only for a registered CRD.
 */
public final class CustomResourceDefinitions {

  /** The custom resources the operator reconciles. */
  public static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(MessagingServer.class, Channel.class, Template.class, Application.class);

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private CustomResourceDefinitions() {}

  /** The generated CRD of a kind, read from the class path. */
  public static CustomResourceDefinition of(Class<? extends CustomResource<?, ?>> kind) {
    String resource = "META-INF/fabric8/" + CustomResource.getCRDName(kind) + "-v1.yml";
    try (InputStream in =
        CustomResourceDefinitions.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path");
      }
      return SERIALIZATION.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates every CRD of {@link #KINDS} on the API server. */
  public static void register(KubernetesClient client) {
    for (Class<? extends CustomResource<?, ?>> kind : KINDS) {
      client.apiextensions().v1().customResourceDefinitions().resource(of(kind)).create();
    }
  }
}
