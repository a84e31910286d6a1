package dev.pgrunbooks.runbook;


/** Values of the {@code RunbookKind} search attribute; also the first word of every workflow id. */
public enum RunbookKind implements Labelled {
  BACKUP,
  RESTORE,
  REHEARSAL,
  ROLLBACK;

  /** The label, so {@code kind + "-" + target} spells a workflow id. */
  @Override
  public String toString() {
    return label();
  }

  /** The kind a workflow id starts with ({@code backup-orders-…}), or null. */
  public static RunbookKind ofWorkflowId(String workflowId) {
    for (RunbookKind kind : values()) {
      if (workflowId != null && workflowId.startsWith(kind.label() + "-")) {
        return kind;
      }
    }
    return null;
  }
}
