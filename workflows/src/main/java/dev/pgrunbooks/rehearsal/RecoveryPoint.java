package dev.pgrunbooks.rehearsal;

import java.time.Instant;

/**
 * What the Measure step reads: the newest verified backup at the rehearsal's time (the point a restore
 * would go back to) and the target's objectives.
 *
 * @param newestKey the newest verified backup taken at or before the rehearsal's time, or null
 * @param newestTakenAt when it was taken (its key's stamp), or null
 * @param rtoObjectiveMillis {@code objectives.rto}, or null when not configured
 * @param rpoObjectiveMillis {@code objectives.rpo}, or null when not configured
 */
public record RecoveryPoint(
    String newestKey, Instant newestTakenAt, String rtoObjective, Long rtoObjectiveMillis, String rpoObjective,
    Long rpoObjectiveMillis) {}
