package dev.pgrunbooks.backup;

import java.time.Instant;

/**
 * Input of the backup runbook. Only names: the worker resolves the target's host, user and password
 * from its own configuration, so no credential ever enters workflow history.
 *
 * @param target the target's name in {@code runbooks.yaml}
 * @param trigger who or what started it ("cli", "schedule", "rehearsal-failure", ...), for the record
 * @param requestedAt the time in the workflow id, so the backup key carries the same stamp; null means
 *     the workflow's start time
 */
public record BackupRequest(String target, String trigger, Instant requestedAt) {

  public BackupRequest(String target, String trigger) {
    this(target, trigger, null);
  }
}
