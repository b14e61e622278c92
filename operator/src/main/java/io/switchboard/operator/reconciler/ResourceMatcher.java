package io.switchboard.operator.reconciler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.Map;

/**
 * Whether an object on the API server already is what the operator wants: every field the desired
 * object sets has that value in the actual one. Fields the API server or other controllers add
 * (defaults, status, an HPA's replicas) do not count, so that only real changes are written.
 */
final class ResourceMatcher {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private ResourceMatcher() {}

  static boolean matches(HasMetadata desired, HasMetadata actual) {
    JsonNode want = SERIALIZATION.convertValue(desired, JsonNode.class);
    JsonNode have = SERIALIZATION.convertValue(actual, JsonNode.class);
    if (want instanceof ObjectNode w) {
      w.remove("status");
      JsonNode metadata = w.get("metadata");
      if (metadata instanceof ObjectNode m) {
        m.retain("labels", "annotations", "ownerReferences");
      }
    }
    return contains(want, have);
  }

  /**
   * The actual object with every field of the desired one put in: objects merge, lists and values
   * are replaced. Status and metadata the operator does not set stay as they are.
   */
  @SuppressWarnings("unchecked")
  static <T extends HasMetadata> T overlay(T desired, T actual) {
    JsonNode want = SERIALIZATION.convertValue(desired, JsonNode.class);
    JsonNode have = SERIALIZATION.convertValue(actual, JsonNode.class);
    if (want instanceof ObjectNode w) {
      w.remove("status");
    }
    return (T) SERIALIZATION.convertValue(merge(have, want), actual.getClass());
  }

  private static JsonNode merge(JsonNode base, JsonNode over) {
    if (base instanceof ObjectNode b && over instanceof ObjectNode o) {
      ObjectNode result = b.deepCopy();
      Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        result.set(field.getKey(), merge(result.get(field.getKey()), field.getValue()));
      }
      return result;
    }
    return over.deepCopy();
  }

  /** Whether {@code have} holds everything in {@code want}. */
  static boolean contains(JsonNode want, JsonNode have) {
    if (want == null || want.isNull()) {
      return true;
    }
    if (have == null || have.isNull()) {
      // An empty list or map is what the API server leaves out.
      return want.isContainerNode() && want.isEmpty();
    }
    if (want.isObject()) {
      if (!have.isObject()) {
        return false;
      }
      Iterator<Map.Entry<String, JsonNode>> fields = want.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!contains(field.getValue(), have.get(field.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (want.isArray()) {
      if (!have.isArray() || have.size() != want.size()) {
        return false;
      }
      for (int i = 0; i < want.size(); i++) {
        if (!contains(want.get(i), have.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (want.isNumber() && have.isNumber()) {
      return want.decimalValue().compareTo(have.decimalValue()) == 0;
    }
    return want.asText().equals(have.asText()) && want.getNodeType() == have.getNodeType();
  }
}
