package dev.pgrunbooks.restore;

/**
 * Input of the rollback runbook: swap a completed swap-mode restore back. Names only.
 *
 * @param restoreWorkflowId the restore being undone, for the journal
 * @param database the live database (the restored copy now)
 * @param restoredFrom the database that restore kept aside ({@code <db>__before_<id>}): it becomes live again
 * @param keepAs where the restored copy is kept ({@code <db>__rolledback_<stamp>}), checked by {@link DatabaseNames}
 * @param requestedBy who asked for it
 */
public record RollbackRequest(
    String target,
    String restoreWorkflowId,
    String database,
    String restoredFrom,
    String keepAs,
    String requestedBy) {}
