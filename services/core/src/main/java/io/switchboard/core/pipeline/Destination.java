package io.switchboard.core.pipeline;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A place envelopes are handed to. What a destination guarantees is part of its identity, and each
 * transport implements the guarantee its own way:
 *
 * <ul>
 *   <li>{@link Delivery#SHARED}: one of the receivers gets each envelope (a NATS queue group);
 *       at-most-once.
 *   <li>{@link Delivery#DURABLE}: like shared, but stored until a receiver has processed it
 *       (JetStream, acked after processing); at-least-once, de-duplicated by envelope id.
 *   <li>{@link Delivery#NODE}: exactly the one access node named (a per-node subject).
 * </ul>
 */
public record Destination(String name, Delivery delivery) {

  /** The guarantee a destination gives. */
  public enum Delivery {
    SHARED,
    DURABLE,
    NODE
  }

  private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public static final Destination PARSER = new Destination("parser", Delivery.SHARED);
  public static final Destination PROCESSOR = new Destination("processor", Delivery.DURABLE);
  public static final Destination ROUTER = new Destination("router", Delivery.DURABLE);

  public Destination {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(delivery, "delivery");
  }

  /** The destination of one access node, by its node id. */
  public static Destination accessNode(String nodeId) {
    if (!NODE_ID.matcher(nodeId).matches()) {
      throw new IllegalArgumentException("node id must match " + NODE_ID + ": " + nodeId);
    }
    return new Destination("access." + nodeId, Delivery.NODE);
  }

  public static boolean isValidNodeId(String nodeId) {
    return nodeId != null && NODE_ID.matcher(nodeId).matches();
  }
}
