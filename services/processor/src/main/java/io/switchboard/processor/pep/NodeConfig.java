package io.switchboard.processor.pep;

/**
 * The configuration of one PEP node: the XEP-0060 §16.4 options Switchboard supports. Notifications
 * and their payloads are always delivered ({@code deliver_notifications} and {@code
 * deliver_payloads} are fixed to true).
 *
 * @param accessModel who may read
 * @param maxItems how many items the node keeps, newest first
 * @param persistItems whether items are kept; when false only the last item is (for XEP-0163's last
 *     published item)
 * @param sendLastItem whether the last item goes to resources that become interested
 * @param notifyRetract whether retracting an item notifies, unless the request says otherwise
 * @param notifyDelete whether deleting or purging the node notifies
 */
record NodeConfig(
    AccessModel accessModel,
    int maxItems,
    boolean persistItems,
    SendLastItem sendLastItem,
    boolean notifyRetract,
    boolean notifyDelete) {

  /** The configuration of a new node (XEP-0163 §5 "smart defaults"). */
  static NodeConfig defaults(String node, PepConfig limits) {
    return new NodeConfig(
        AccessModel.PRESENCE,
        Moments.NODE.equals(node) ? Math.min(limits.momentsMaxItems(), limits.maxItems()) : 1,
        true,
        SendLastItem.ON_SUB_AND_PRESENCE,
        true,
        true);
  }

  /** How many items are kept: {@link #maxItems}, or 1 when items are not persisted. */
  int keptItems() {
    return persistItems ? maxItems : 1;
  }

  NodeConfig withAccessModel(AccessModel m) {
    return new NodeConfig(m, maxItems, persistItems, sendLastItem, notifyRetract, notifyDelete);
  }

  NodeConfig withMaxItems(int n) {
    return new NodeConfig(accessModel, n, persistItems, sendLastItem, notifyRetract, notifyDelete);
  }

  NodeConfig withPersistItems(boolean p) {
    return new NodeConfig(accessModel, maxItems, p, sendLastItem, notifyRetract, notifyDelete);
  }

  NodeConfig withSendLastItem(SendLastItem s) {
    return new NodeConfig(accessModel, maxItems, persistItems, s, notifyRetract, notifyDelete);
  }

  NodeConfig withNotifyRetract(boolean n) {
    return new NodeConfig(accessModel, maxItems, persistItems, sendLastItem, n, notifyDelete);
  }

  NodeConfig withNotifyDelete(boolean n) {
    return new NodeConfig(accessModel, maxItems, persistItems, sendLastItem, notifyRetract, n);
  }
}
