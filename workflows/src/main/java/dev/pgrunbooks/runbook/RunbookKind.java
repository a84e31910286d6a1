package dev.pgrunbooks.runbook;

import com.fasterxml.jackson.annotation.JsonValue;

/** Values of the {@code RunbookKind} search attribute; also the first word of every workflow id. */
public enum RunbookKind implements Labelled {
  BACKUP("backup"),
  RESTORE("restore"),
  REHEARSAL("rehearsal"),
  ROLLBACK("rollback");

  private final String label;

  RunbookKind(String label) {
    this.label = label;
  }

  @JsonValue
  @Override
  public String label() {
    return label;
  }

  /** The label, so {@code kind + "-" + target} spells a workflow id. */
  @Override
  public String toString() {
    return label;
  }

  /** The kind a workflow id starts with ({@code backup-orders-…}), or null. */
  public static RunbookKind ofWorkflowId(String workflowId) {
    for (RunbookKind kind : values()) {
      if (workflowId != null && workflowId.startsWith(kind.label + "-")) {
        return kind;
      }
    }
    return null;
  }
}
