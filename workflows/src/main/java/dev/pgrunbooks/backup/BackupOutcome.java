package dev.pgrunbooks.backup;

import dev.pgrunbooks.runbook.StepRecord;
import java.util.List;

/** Result of a backup runbook that succeeded. */
public record BackupOutcome(
    String target,
    String key,
    String manifestKey,
    long sizeBytes,
    String sha256,
    int tablesCounted,
    long durationMillis,
    int pruned,
    List<StepRecord> steps) {}
