package dev.pgrunbooks.rehearsal;

import java.time.Instant;

/**
 * What the metrics step records for a finished rehearsal, passed or failed.
 *
 * @param rtoMillis restore start to checks passed; null when the checks never passed
 * @param rpoMillis age of the newest verified backup at rehearsal time; null when not measured
 */
public record RehearsalMeasured(
    String target, boolean passed, Instant finishedAt, long durationMillis, Long rtoMillis, Long rpoMillis,
    Long rtoObjectiveMillis, Long rpoObjectiveMillis) {}
