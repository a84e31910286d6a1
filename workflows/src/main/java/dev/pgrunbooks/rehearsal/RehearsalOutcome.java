package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.runbook.StepRecord;
import java.util.List;

/**
 * Result of a rehearsal that passed. A failed rehearsal fails its workflow; its report (key in the
 * failure message) says why.
 */
public record RehearsalOutcome(
    String target,
    String backupKey,
    String scratchDatabase,
    String reportKey,
    long rtoMillis,
    Long rpoMillis,
    Boolean rtoMet,
    Boolean rpoMet,
    long durationMillis,
    List<StepRecord> steps) {}
