package io.switchboard.core.notify.catalog;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.switchboard.crds.Application;
import io.switchboard.crds.Channel;
import io.switchboard.crds.SwitchboardApi;
import io.switchboard.crds.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads Kubernetes-style manifests (YAML, several documents per file) into a {@link Catalog}: the
 * kinds {@code Channel}, {@code Template} and {@code Application} of {@code switchboard.io}, and
 * {@code v1 Secret}s ({@code data} base64, {@code stringData} plain). Other kinds (a
 * MessagingServer in the same folder) are ignored; a document of a known kind that does not parse
 * is an error naming its file, so that a typo does not silently drop a channel.
 */
public final class ManifestReader {

  static final String API_VERSION = SwitchboardApi.GROUP + "/" + SwitchboardApi.VERSION;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .build();

  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private final Map<String, Template> templates = new LinkedHashMap<>();
  private final Map<String, Application> applications = new LinkedHashMap<>();
  private final Map<String, Map<String, String>> secrets = new LinkedHashMap<>();

  /** Reads every {@code .yaml} and {@code .yml} file of a folder and its sub-folders. */
  public static Catalog readFolder(Path folder) {
    ManifestReader reader = new ManifestReader();
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.filter(ManifestReader::isManifest).sorted().toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          reader.read(in, file.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read manifests in " + folder, e);
    }
    return reader.build();
  }

  static boolean isManifest(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  /** Adds the documents of one YAML stream; {@code origin} names it in errors. */
  public ManifestReader read(InputStream yaml, String origin) throws IOException {
    try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      int index = 0;
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        index++;
        if (doc == null || doc.isNull() || doc.isMissingNode() || !doc.isObject()) {
          continue;
        }
        add(doc, origin + " (document " + index + ")");
      }
    }
    return this;
  }

  /** Adds one resource given as a JSON or YAML tree. */
  public ManifestReader add(JsonNode doc, String origin) {
    String kind = doc.path("kind").asText("");
    String apiVersion = doc.path("apiVersion").asText("");
    String name = doc.path("metadata").path("name").asText("");
    try {
      if ("Secret".equals(kind) && "v1".equals(apiVersion)) {
        secrets.put(require(name, origin), secretData(doc));
      } else if (API_VERSION.equals(apiVersion)) {
        switch (kind) {
          case "Channel" ->
              channels.put(require(name, origin), convert(doc, Channel.class, origin));
          case "Template" ->
              templates.put(require(name, origin), convert(doc, Template.class, origin));
          case "Application" ->
              applications.put(require(name, origin), convert(doc, Application.class, origin));
          default -> {
            // MessagingServer and future kinds: not notification configuration.
          }
        }
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
    return this;
  }

  public Catalog build() {
    return new Catalog(channels, templates, applications, secrets);
  }

  /** Serializes a resource as JSON, the form the store keeps. */
  public static String toJson(Object resource) {
    try {
      return JSON.writeValueAsString(resource);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses the JSON the store keeps. */
  public static JsonNode parseJson(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable resource JSON: " + e.getMessage(), e);
    }
  }

  private static <T> T convert(JsonNode doc, Class<T> type, String origin) {
    T resource = JSON.convertValue(doc, type);
    Object spec =
        resource instanceof Channel c
            ? c.getSpec()
            : resource instanceof Template t
                ? t.getSpec()
                : resource instanceof Application a ? a.getSpec() : null;
    if (spec == null) {
      throw new IllegalArgumentException(type.getSimpleName() + " without a spec");
    }
    return resource;
  }

  private static String require(String name, String origin) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a resource without metadata.name");
    }
    return name;
  }

  private static Map<String, String> secretData(JsonNode doc) {
    Map<String, String> values = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> data = doc.path("data").fields();
    while (data.hasNext()) {
      Map.Entry<String, JsonNode> e = data.next();
      try {
        values.put(
            e.getKey(),
            new String(
                Base64.getMimeDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException("Secret data." + e.getKey() + " is not base64", bad);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> plain = doc.path("stringData").fields();
    while (plain.hasNext()) {
      Map.Entry<String, JsonNode> e = plain.next();
      values.put(e.getKey(), e.getValue().asText());
    }
    return values;
  }
}
