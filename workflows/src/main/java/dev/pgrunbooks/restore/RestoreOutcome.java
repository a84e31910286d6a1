package dev.pgrunbooks.restore;

import dev.pgrunbooks.runbook.StepRecord;
import java.util.List;

/**
 * Result of a disaster recovery that completed.
 *
 * @param keptDatabase swap mode: where the replaced database was kept, for rollback
 * @param downtimeMillis from cutting connections (terminate / drop / swap) to health OK; 0 with --into
 * @param rtoMillis from the start of the restore to checks passed
 */
public record RestoreOutcome(
    String target,
    String database,
    RestoreMode mode,
    String backupKey,
    String keptDatabase,
    String approvedBy,
    String reportKey,
    long downtimeMillis,
    long rtoMillis,
    List<StepRecord> steps) {}
