package dev.pgrunbooks.rehearsal;

import dev.pgrunbooks.backup.BackupRehearsal;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.time.Instant;

/**
 * The rehearsal's own steps; restoring, checking, migrating and cleaning up work files reuse the
 * disaster-recovery runbook's {@code RestoreActivities}. Every step is idempotent.
 */
@ActivityInterface
public interface RehearsalActivities {

  /**
   * The backups the rehearsal may use at time {@code at}: for random-weekly, the verified backups that
   * hold a weekly retention tier and were taken within the target's {@code rehearsal.window}; for latest,
   * the newest verified backup; for a key, that backup.
   *
   * @param pick random-weekly, latest, a dump key, or null for the target's {@code rehearsal.pick}
   * @throws io.temporal.failure.ApplicationFailure non-retryable "NoVerifiedBackup" when there is none
   */
  @ActivityMethod(name = "PickBackup")
  RehearsalCandidates pickBackup(String target, String pick, Instant at);

  /**
   * Runs each statement of the target's {@code smokeSql} file against {@code database}, read-only. A
   * statement passes when its first row's first column is true.
   *
   * @throws io.temporal.failure.ApplicationFailure non-retryable "SmokeSqlInvalid" when the file is
   *     missing or unreadable or a statement is not valid SQL, "SmokeQueryError" when one raises an error
   */
  @ActivityMethod(name = "SmokeQueries")
  SmokeReport smokeQueries(String target, String database);

  /** The newest verified backup taken at or before {@code at}, and the target's objectives. */
  @ActivityMethod(name = "Measure")
  RecoveryPoint measure(String target, Instant at);

  /** Store the report as JSON and Markdown at {@code report.reportKey()}; returns that key. */
  @ActivityMethod(name = "WriteRehearsalReport")
  String writeReport(RehearsalReport report);

  /**
   * {@code DROP DATABASE … WITH (FORCE)} of the scratch database, if this rehearsal created it (its
   * marker names this workflow run); another rehearsal's is left alone, gone already is fine.
   *
   * @return true when it dropped the database
   * @throws io.temporal.failure.ApplicationFailure non-retryable "NotAScratchDatabase" for any name that
   *     does not start with {@code rehearsal_}
   */
  @ActivityMethod(name = "DropScratch")
  boolean dropScratch(String target, String database, String workflowId);

  /** Rewrite the backup's manifest with the rehearsal's verdict (the manifest is otherwise unchanged). */
  @ActivityMethod(name = "MarkBackup")
  void markBackup(String target, String key, BackupRehearsal verdict);

  /** Rehearsal duration, RTO and RPO measured, last passed rehearsal. */
  @ActivityMethod(name = "RecordRehearsalMetrics")
  void recordMetrics(RehearsalMeasured measured);
}
