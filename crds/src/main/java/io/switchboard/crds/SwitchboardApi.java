package io.switchboard.crds;

/** Constants of the {@code switchboard.io/v1alpha1} API shared by the CRDs and the operator. */
public final class SwitchboardApi {

  /** API group of all Switchboard custom resources. */
  public static final String GROUP = "switchboard.io";

  /** API version of all Switchboard custom resources. */
  public static final String VERSION = "v1alpha1";

  /** Annotation that pauses reconciliation of a resource while it is {@code "true"}. */
  public static final String PAUSE_ANNOTATION = GROUP + "/pause-reconciliation";

  private SwitchboardApi() {}
}
