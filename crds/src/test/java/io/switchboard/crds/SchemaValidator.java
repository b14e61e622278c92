package io.switchboard.crds;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A small structural validator over a CRD's OpenAPI v3 schema: types, required fields, enums,
 * minimum and maximum, patterns, list sizes, and (like {@code kubectl --validate=strict}) no
 * unknown fields. It does not evaluate CEL rules ({@code x-kubernetes-validations}).
 */
final class SchemaValidator {

  private static final Set<String> TOP_LEVEL = Set.of("apiVersion", "kind", "metadata");

  private SchemaValidator() {}

  /** The problems of a custom resource, as {@code path: problem}; empty when valid. */
  static List<String> validate(JsonNode resource, CustomResourceDefinition crd) {
    List<String> problems = new ArrayList<>();
    var version = crd.getSpec().getVersions().get(0);
    String expected = crd.getSpec().getGroup() + "/" + version.getName();
    if (!expected.equals(resource.path("apiVersion").asText())) {
      problems.add("apiVersion: expected " + expected);
    }
    if (!crd.getSpec().getNames().getKind().equals(resource.path("kind").asText())) {
      problems.add("kind: expected " + crd.getSpec().getNames().getKind());
    }
    if (!resource.path("metadata").path("name").isTextual()) {
      problems.add("metadata.name: required");
    }
    JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
    Iterator<Map.Entry<String, JsonNode>> fields = resource.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (TOP_LEVEL.contains(field.getKey())) {
        continue;
      }
      JSONSchemaProps schema = root.getProperties().get(field.getKey());
      if (schema == null) {
        problems.add(field.getKey() + ": unknown field");
      } else {
        check(field.getValue(), schema, field.getKey(), problems);
      }
    }
    return problems;
  }

  static void check(JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
    if (value == null || value.isNull()) {
      if (!Boolean.TRUE.equals(schema.getNullable())) {
        problems.add(path + ": null is not allowed");
      }
      return;
    }
    if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
      if (!value.isIntegralNumber() && !value.isTextual()) {
        problems.add(path + ": must be an integer or a string");
      }
      return;
    }
    String type = schema.getType();
    if (type == null) {
      return;
    }
    switch (type) {
      case "object" -> checkObject(value, schema, path, problems);
      case "array" -> checkArray(value, schema, path, problems);
      case "string" -> checkString(value, schema, path, problems);
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          problems.add(path + ": must be an integer");
        } else {
          checkRange(value, schema, path, problems);
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          problems.add(path + ": must be a number");
        } else {
          checkRange(value, schema, path, problems);
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          problems.add(path + ": must be true or false");
        }
      }
      default -> problems.add(path + ": the schema has an unknown type " + type);
    }
    if (schema.getEnum() != null
        && !schema.getEnum().isEmpty()
        && !schema.getEnum().contains(value)) {
      problems.add(path + ": must be one of " + schema.getEnum());
    }
  }

  private static void checkObject(
      JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
    if (!value.isObject()) {
      problems.add(path + ": must be an object");
      return;
    }
    if (schema.getRequired() != null) {
      for (String required : schema.getRequired()) {
        if (!value.hasNonNull(required)) {
          problems.add(path + "." + required + ": required");
        }
      }
    }
    boolean preserve = Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields());
    JSONSchemaProps additional =
        schema.getAdditionalProperties() == null
            ? null
            : schema.getAdditionalProperties().getSchema();
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String child = path + "." + field.getKey();
      JSONSchemaProps fieldSchema =
          schema.getProperties() == null ? null : schema.getProperties().get(field.getKey());
      if (fieldSchema != null) {
        check(field.getValue(), fieldSchema, child, problems);
      } else if (additional != null) {
        check(field.getValue(), additional, child, problems);
      } else if (!preserve) {
        problems.add(child + ": unknown field");
      }
    }
  }

  private static void checkArray(
      JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
    if (!value.isArray()) {
      problems.add(path + ": must be a list");
      return;
    }
    if (schema.getMinItems() != null && value.size() < schema.getMinItems()) {
      problems.add(path + ": needs at least " + schema.getMinItems() + " items");
    }
    if (schema.getMaxItems() != null && value.size() > schema.getMaxItems()) {
      problems.add(path + ": takes at most " + schema.getMaxItems() + " items");
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      for (int i = 0; i < value.size(); i++) {
        check(value.get(i), schema.getItems().getSchema(), path + "[" + i + "]", problems);
      }
    }
  }

  private static void checkString(
      JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
    if (!value.isTextual()) {
      problems.add(path + ": must be a string");
      return;
    }
    String text = value.asText();
    if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(text).find()) {
      problems.add(path + ": '" + text + "' does not match " + schema.getPattern());
    }
    if (schema.getMinLength() != null && text.length() < schema.getMinLength()) {
      problems.add(path + ": shorter than " + schema.getMinLength());
    }
    if (schema.getMaxLength() != null && text.length() > schema.getMaxLength()) {
      problems.add(path + ": longer than " + schema.getMaxLength());
    }
  }

  private static void checkRange(
      JsonNode value, JSONSchemaProps schema, String path, List<String> problems) {
    double number = value.asDouble();
    if (schema.getMinimum() != null && number < schema.getMinimum()) {
      problems.add(path + ": must be at least " + schema.getMinimum().longValue());
    }
    if (schema.getMaximum() != null && number > schema.getMaximum()) {
      problems.add(path + ": must be at most " + schema.getMaximum().longValue());
    }
  }
}
