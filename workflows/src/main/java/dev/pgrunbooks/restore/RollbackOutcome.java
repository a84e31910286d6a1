package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.StepRecord;
import java.util.List;

/** Result of a rollback: {@code restoredFrom} is live again as {@code database}, the restored copy is kept as {@code keptAs}. */
public record RollbackOutcome(
    String target,
    String restoreWorkflowId,
    String database,
    String restoredFrom,
    String keptAs,
    String requestedBy,
    List<StepRecord> steps) {}
