package dev.pgrunbooks.rehearsal;

import java.time.Instant;

/**
 * Input of the rehearsal runbook. Names only; the worker resolves connections, objectives and the smoke
 * SQL file from its configuration.
 *
 * @param target the target's name in {@code runbooks.yaml}
 * @param backup {@link #RANDOM_WEEKLY}, {@link #LATEST} or a dump key; null means the target's
 *     {@code rehearsal.pick} (default random-weekly)
 * @param trigger who or what started it ("cli", "schedule", ...), for the record
 * @param requestedAt the time in the workflow id, so the report and scratch database carry the same
 *     stamp; null means the workflow's start time (runs started by a schedule or a cron workflow)
 */
public record RehearsalRequest(String target, String backup, String trigger, Instant requestedAt) {
  public static final String RANDOM_WEEKLY = "random-weekly";
  public static final String LATEST = "latest";
}
