package io.switchboard.operator.reconciler;

/**
 * Why a resource cannot be reconciled now: becomes {@code Ready=False} with this reason and
 * message, and a retry after the operator's retry interval when {@link #retry()} says that waiting
 * may help (nothing watched would trigger a new reconcile).
 */
public final class ReconcileProblem extends Exception {

  private static final long serialVersionUID = 1L;

  private final String reason;
  private final boolean retry;

  public ReconcileProblem(String reason, String message, boolean retry) {
    super(message);
    this.reason = reason;
    this.retry = retry;
  }

  public String reason() {
    return reason;
  }

  public boolean retry() {
    return retry;
  }
}
