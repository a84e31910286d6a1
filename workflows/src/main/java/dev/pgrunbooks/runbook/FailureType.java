package dev.pgrunbooks.runbook;

import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every failure type a runbook throws, in one place: activities raise them, workflows branch on them,
 * the command line explains them.
 *
 * <p>The wire name is what Temporal stores as the failure's type. Running histories, retry policies and
 * scripts reading {@code runbook status} depend on its exact spelling: never rename one, add a new
 * constant instead.
 *
 * <p>A few types are thrown both ways today: a tool that could not be run is retried, the same tool
 * saying the input is bad is final ({@link #DUMP_FAILED}, {@link #UNREADABLE_DUMP}, {@link #RESTORE_FAILED},
 * {@link #DATABASE_ERROR}). Their default ({@link #failure(String)}) is the retryable, transient case;
 * the verdict is thrown with {@link #nonRetryableFailure(String)}. One constant per wire name keeps
 * {@link #of(Throwable)} a plain lookup, and only the non-retryable verdict convicts a backup
 * ({@link #convictsBackup(Throwable)}).
 */
public enum FailureType {
  // Configuration and input: retrying cannot fix them.
  CONFIGURATION_ERROR("ConfigurationError", false, false, "runbooks.yaml is invalid for this target"),
  UNKNOWN_TARGET("UnknownTarget", false, false, "no target of that name in runbooks.yaml"),
  INVALID_DATABASE_NAME("InvalidDatabaseName", false, false, "a database name PostgreSQL would not accept"),
  INVALID_KEY("InvalidKey", false, false, "a store key that is not a dump key"),
  INVALID_REPORT_KEY("InvalidReportKey", false, false, "a report would be written outside the reports prefix"),
  BAD_HEALTH_URL("BadHealthUrl", false, false, "the target's healthUrl is not a usable URL"),
  SMOKE_SQL_INVALID("SmokeSqlInvalid", false, false, "the smoke SQL file is missing, unreadable or not valid SQL"),

  // PostgreSQL and its client tools.
  AUTHENTICATION_FAILED("AuthenticationFailed", false, false, "PostgreSQL refused the login; check user and password"),
  UNKNOWN_DATABASE("UnknownDatabase", false, false, "the database does not exist on the server"),
  DATABASE_UNREACHABLE("DatabaseUnreachable", true, false, "PostgreSQL does not answer (yet); retried"),
  /** Retried by default; statement errors (SQLSTATE class 42, permissions) are thrown non-retryable. */
  DATABASE_ERROR("DatabaseError", true, false, "PostgreSQL reported an error"),
  DATABASE_IN_USE("DatabaseInUse", true, false, "a client keeps reconnecting to a database to be dropped"),
  DATABASE_EXISTS("DatabaseExists", false, false, "the database to restore into already exists"),
  TOOL_MISSING("ToolMissing", false, false, "pg_dump, pg_restore or psql is missing or unusable"),
  CLIENT_TOO_OLD("ClientTooOld", false, false, "the client tools are older than the server"),
  /** Refused before anything destructive: dumping or restoring with another major's tools breaks restores. */
  CLIENT_TOOLS_MISMATCH("ClientToolsMismatch", false, false,
      "no client tools of the server's major version were found (newer ones emit settings older servers reject)"),

  // The backup store and the work files.
  STORE_ERROR("StoreError", true, false, "the backup store failed a read or write; retried"),
  STORE_UNAVAILABLE("StoreUnavailable", false, false, "the backup store is not reachable or not usable"),
  WORK_FILE_ERROR("WorkFileError", true, false, "cannot write or read a local work file (disk full, permissions)"),

  // Backups.
  /** Retried by default; pg_dump errors that will not go away (permissions, missing objects) are final. */
  DUMP_FAILED("DumpFailed", true, false, "pg_dump failed"),
  KEY_TAKEN("KeyTaken", false, false, "every dump key near this backup's stamp is taken by other runs"),
  DUMP_MISSING("DumpMissing", false, false, "the dump is not (or no longer) in the store"),
  CHECKSUM_MISMATCH("ChecksumMismatch", false, true, "the dump's bytes differ from its manifest's checksum"),
  /** Retried when pg_restore could not run; final (and convicting) when it cannot read the dump. */
  UNREADABLE_DUMP("UnreadableDump", true, true, "pg_restore cannot read the dump"),
  NO_SUCH_BACKUP("NoSuchBackup", false, false, "no such backup, or its dump is gone"),
  NO_MANIFEST("NoManifest", false, false, "the backup has no readable, verified manifest"),
  INVALID_MANIFEST("InvalidManifest", false, false, "the backup's manifest cannot be parsed"),
  NO_VERIFIED_BACKUP("NoVerifiedBackup", false, false, "the target has no verified backup to use"),

  // Restores and rehearsals.
  /**
   * Activity: retried when pg_restore could not run, final (and convicting, in a rehearsal) when it
   * failed on the dump. Workflow: the disaster recovery failed (always final).
   */
  RESTORE_FAILED("RestoreFailed", true, true, "the restore failed"),
  RESTORE_ABORTED("RestoreAborted", false, false, "the disaster recovery was aborted by an operator"),
  NOTHING_TO_SWAP("NothingToSwap", false, false, "the restored database is gone; nothing was swapped"),
  SWAP_CONFLICT("SwapConflict", false, false, "the name to keep the old database under is taken"),
  MISSING_ROLES("MissingRoles", false, false,
      "the destination cluster lacks roles the backup needs; nothing was changed (--create-missing-roles or privileges: drop)"),
  MISSING_COLLATION("MissingCollation", false, false,
      "the destination cluster lacks the backup's collation or locale; nothing was changed"),
  NOT_A_SCRATCH_DATABASE("NotAScratchDatabase", false, false, "refused to drop a database a rehearsal did not create"),
  MIGRATION_FAILED("MigrationFailed", true, false, "the target's migrateCommand failed"),
  UNHEALTHY("Unhealthy", true, false, "the health check did not pass in time"),

  // Notifications.
  WEBHOOK_REJECTED("WebhookRejected", true, false, "the webhook answered with an error status"),
  WEBHOOK_UNREACHABLE("WebhookUnreachable", true, false, "the webhook could not be reached"),

  // The worker is shutting down or the activity was cancelled; another attempt picks the work up.
  INTERRUPTED("Interrupted", true, false, "the worker was interrupted; retried"),

  // Workflow results: how a whole runbook failed.
  BACKUP_FAILED("BackupFailed", false, false, "the backup runbook failed"),
  REHEARSAL_FAILED("RehearsalFailed", false, false, "the restore rehearsal failed"),
  ROLLBACK_FAILED("RollbackFailed", false, false, "the rollback failed");

  private final String wireName;
  private final boolean retryable;
  private final boolean convictsBackup;
  private final String meaning;

  FailureType(String wireName, boolean retryable, boolean convictsBackup, String meaning) {
    this.wireName = wireName;
    this.retryable = retryable;
    this.convictsBackup = convictsBackup;
    this.meaning = meaning;
  }

  /** The failure type as Temporal stores it. */
  public String wireName() {
    return wireName;
  }

  /** Whether {@link #failure(String)} lets Temporal retry it. */
  public boolean retryable() {
    return retryable;
  }

  /** Whether this type, thrown non-retryable by a rehearsal's restore, shows the backup is bad. */
  public boolean convictsBackup() {
    return convictsBackup;
  }

  /** One line for operators: what went wrong. */
  public String meaning() {
    return meaning;
  }

  /** A failure of this type, retryable or not as the type says. */
  public ApplicationFailure failure(String message) {
    return retryable ? retryableFailure(message) : nonRetryableFailure(message);
  }

  /** A failure of this type, retryable or not as the type says, keeping what caused it. */
  public ApplicationFailure failure(String message, Throwable cause) {
    return retryable
        ? ApplicationFailure.newFailureWithCause(message, wireName, cause)
        : ApplicationFailure.newNonRetryableFailureWithCause(message, wireName, cause);
  }

  /** This type as a final verdict, for the types thrown both ways (see the class comment). */
  public ApplicationFailure nonRetryableFailure(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, wireName);
  }

  private ApplicationFailure retryableFailure(String message) {
    return ApplicationFailure.newFailure(message, wireName);
  }

  /** The type with that wire name, e.g. from a failure's proto in a workflow's history. */
  public static Optional<FailureType> fromWireName(String wireName) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
  }

  /**
   * The type of a failure as a workflow or the client sees it: unwraps activity, child workflow and
   * application failures (and a step's exception around them) down to the first application failure.
   */
  public static Optional<FailureType> of(Throwable failure) {
    return applicationFailure(failure).flatMap(app -> fromWireName(app.getType()));
  }

  /** Whether a failure, as a rehearsal's restore step saw it, shows the backup itself is bad. */
  public static boolean convictsBackup(Throwable failure) {
    return applicationFailure(failure)
        .filter(ApplicationFailure::isNonRetryable)
        .flatMap(app -> fromWireName(app.getType()))
        .map(FailureType::convictsBackup)
        .orElse(false);
  }

  private static Optional<ApplicationFailure> applicationFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        return Optional.of(app);
      }
      boolean wrapper = t instanceof ActivityFailure || t instanceof ChildWorkflowFailure
          || t instanceof WorkflowFailedException || t instanceof StepFailedException;
      if (!wrapper) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
