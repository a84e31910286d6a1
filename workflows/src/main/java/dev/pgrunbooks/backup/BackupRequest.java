package dev.pgrunbooks.backup;

/**
 * Input of the backup runbook. Only names: the worker resolves the target's host, user and password
 * from its own configuration, so no credential ever enters workflow history.
 *
 * @param target the target's name in {@code runbooks.yaml}
 * @param trigger who or what started it ("cli", "schedule", "rehearsal-failure", ...), for the record
 */
public record BackupRequest(String target, String trigger) {}
