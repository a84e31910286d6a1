package dev.pgrunbooks.runbook;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.ChildWorkflowFailure;
import java.util.Optional;

/** PLACEHOLDER until the catalogue lands. */
public enum FailureType {
  BACKUP_FAILED("BackupFailed", false, false),
  RESTORE_FAILED("RestoreFailed", true, true),
  RESTORE_ABORTED("RestoreAborted", false, false),
  REHEARSAL_FAILED("RehearsalFailed", false, false),
  ROLLBACK_FAILED("RollbackFailed", false, false),
  CHECKSUM_MISMATCH("ChecksumMismatch", false, true),
  UNREADABLE_DUMP("UnreadableDump", false, true),
  DATABASE_EXISTS("DatabaseExists", false, false);

  private final String wireName;
  private final boolean retryable;
  private final boolean convictsBackup;

  FailureType(String wireName, boolean retryable, boolean convictsBackup) {
    this.wireName = wireName;
    this.retryable = retryable;
    this.convictsBackup = convictsBackup;
  }

  public String wireName() {
    return wireName;
  }

  public boolean convictsBackup() {
    return convictsBackup;
  }

  public ApplicationFailure failure(String message) {
    return retryable ? ApplicationFailure.newFailure(message, wireName)
        : ApplicationFailure.newNonRetryableFailure(message, wireName);
  }

  public static Optional<FailureType> of(Throwable t) {
    while (t instanceof ActivityFailure || t instanceof ChildWorkflowFailure) {
      t = t.getCause();
    }
    if (t instanceof ApplicationFailure app) {
      for (FailureType f : values()) {
        if (f.wireName.equals(app.getType())) {
          return Optional.of(f);
        }
      }
    }
    return Optional.empty();
  }
}
