package dev.pgrunbooks.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.RetryState;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureTypeTest {
  /**
   * Today's wire names, as running histories and scripts know them. A rename fails here on purpose:
   * add a new constant instead.
   */
  private static final List<String> WIRE_NAMES = List.of(
      "ConfigurationError", "UnknownTarget", "InvalidDatabaseName", "InvalidKey", "InvalidReportKey",
      "BadHealthUrl", "SmokeSqlInvalid",
      "AuthenticationFailed", "UnknownDatabase", "DatabaseUnreachable", "DatabaseError", "DatabaseInUse",
      "DatabaseExists", "ToolMissing", "ClientTooOld", "ClientToolsMismatch",
      "StoreError", "StoreUnavailable", "WorkFileError",
      "DumpFailed", "KeyTaken", "DumpMissing", "ChecksumMismatch", "UnreadableDump", "NoSuchBackup", "NoManifest",
      "InvalidManifest", "NoVerifiedBackup",
      "RestoreFailed", "RestoreAborted", "NothingToSwap", "SwapConflict", "MissingRoles", "MissingCollation",
      "NotAScratchDatabase",
      "MigrationFailed", "Unhealthy",
      "WebhookRejected", "WebhookUnreachable",
      "Interrupted",
      "BackupFailed", "RehearsalFailed", "RollbackFailed");

  @Test
  void wireNamesAreTodaysAndUnique() {
    List<String> names = Arrays.stream(FailureType.values()).map(FailureType::wireName).toList();

    assertThat(names).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(WIRE_NAMES);
  }

  @Test
  void everyTypeExplainsItself() {
    assertThat(FailureType.values()).allSatisfy(t -> assertThat(t.meaning()).isNotBlank());
  }

  @Test
  void failureCarriesTheWireNameAndTheTypesRetryability() {
    ApplicationFailure store = FailureType.STORE_ERROR.failure("bucket answered 503");
    ApplicationFailure login = FailureType.AUTHENTICATION_FAILED.failure("wrong password");

    assertThat(store.getType()).isEqualTo("StoreError");
    assertThat(store.getOriginalMessage()).isEqualTo("bucket answered 503");
    assertThat(store.isNonRetryable()).isFalse();
    assertThat(login.getType()).isEqualTo("AuthenticationFailed");
    assertThat(login.isNonRetryable()).isTrue();
  }

  @Test
  void importantTypesKeepTodaysRetryability() {
    assertThat(FailureType.DATABASE_UNREACHABLE.retryable()).isTrue();
    assertThat(FailureType.INTERRUPTED.retryable()).isTrue();
    assertThat(FailureType.CHECKSUM_MISMATCH.retryable()).isFalse();
    assertThat(FailureType.NO_VERIFIED_BACKUP.retryable()).isFalse();
    assertThat(FailureType.UNKNOWN_TARGET.retryable()).isFalse();
    assertThat(FailureType.TOOL_MISSING.retryable()).isFalse();
  }

  @Test
  void typesThrownBothWaysDefaultToRetryableAndHaveAnExplicitVerdict() {
    for (FailureType t : List.of(FailureType.RESTORE_FAILED, FailureType.DUMP_FAILED,
        FailureType.UNREADABLE_DUMP, FailureType.DATABASE_ERROR)) {
      assertThat(t.failure("x").isNonRetryable()).as(t.name()).isFalse();
      assertThat(t.nonRetryableFailure("x").isNonRetryable()).as(t.name()).isTrue();
      assertThat(t.nonRetryableFailure("x").getType()).isEqualTo(t.wireName());
    }
  }

  @Test
  void onlyDamagedDumpsConvictTheBackup() {
    assertThat(Arrays.stream(FailureType.values()).filter(FailureType::convictsBackup))
        .containsExactlyInAnyOrder(FailureType.CHECKSUM_MISMATCH, FailureType.UNREADABLE_DUMP,
            FailureType.RESTORE_FAILED);
  }

  @Test
  void aConvictingTypeConvictsOnlyAsAVerdict() {
    assertThat(FailureType.convictsBackup(inActivity(FailureType.RESTORE_FAILED.nonRetryableFailure("bad toc"))))
        .isTrue();
    assertThat(FailureType.convictsBackup(inActivity(FailureType.CHECKSUM_MISMATCH.failure("sha differs"))))
        .isTrue();
    assertThat(FailureType.convictsBackup(inActivity(FailureType.RESTORE_FAILED.failure("pg_restore not run"))))
        .isFalse();
    assertThat(FailureType.convictsBackup(inActivity(FailureType.NO_VERIFIED_BACKUP.failure("none"))))
        .isFalse();
  }

  @Test
  void ofUnwrapsAnActivityFailure() {
    ActivityFailure failure = inActivity(FailureType.NO_SUCH_BACKUP.failure("no backup x"));

    assertThat(FailureType.of(failure)).contains(FailureType.NO_SUCH_BACKUP);
  }

  @Test
  void ofUnwrapsAStepFailure() {
    StepFailedException step = new StepFailedException("Restore", "scratch exists", false,
        inActivity(FailureType.DATABASE_EXISTS.failure("database rehearsal_x already exists")));

    assertThat(FailureType.of(step)).contains(FailureType.DATABASE_EXISTS);
  }

  @Test
  void ofIsEmptyForUnknownTypesAndOtherExceptions() {
    assertThat(FailureType.of(ApplicationFailure.newFailure("x", "SomethingNew"))).isEmpty();
    assertThat(FailureType.of(new IllegalStateException("x", FailureType.STORE_ERROR.failure("y")))).isEmpty();
    assertThat(FailureType.of(null)).isEmpty();
  }

  @Test
  void fromWireNameFindsEveryType() {
    assertThat(FailureType.values())
        .allSatisfy(t -> assertThat(FailureType.fromWireName(t.wireName())).contains(t));
  }

  private static ActivityFailure inActivity(ApplicationFailure cause) {
    return new ActivityFailure("Activity task failed", 5, 6, "Restore", "7",
        RetryState.RETRY_STATE_NON_RETRYABLE_FAILURE, "worker@host", cause);
  }
}
