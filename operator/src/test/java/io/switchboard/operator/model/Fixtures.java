package io.switchboard.operator.model;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.switchboard.crds.MessagingServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example MessagingServers, as the API server would hand them to the operator. */
public final class Fixtures {

  public static final String NAMESPACE = "ns";
  public static final String IMAGE = "switchboard/switchboard:test";

  private Fixtures() {}

  public static MessagingServer example(String file) {
    try (InputStream in = Files.newInputStream(Path.of("../examples", file))) {
      MessagingServer server = new KubernetesSerialization().unmarshal(in, MessagingServer.class);
      server.getMetadata().setNamespace(NAMESPACE);
      server.getMetadata().setUid("uid-" + server.getMetadata().getName());
      server.getMetadata().setGeneration(1L);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static MessagingServer minimal() {
    return example("messagingserver-minimal.yaml");
  }

  public static MessagingServer production() {
    return example("messagingserver-production.yaml");
  }

  public static ServerModel model(MessagingServer server) {
    return ServerModel.from(server, IMAGE);
  }
}
