package dev.pgrunbooks.replay;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflowImpl;
import dev.pgrunbooks.runbook.OperatorActivities;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookNotice;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import dev.pgrunbooks.runbook.NoticeOutcome;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the replay check has teeth: a backup runbook changed without {@code Workflow.getVersion}
 * (one activity added before the first step) is registered under the same workflow type, "Backup", and
 * replaying a history recorded from today's code must fail as non-deterministic.
 */
class UnversionedChangeTest {

  private static final Path RECORDED_BACKUP = RecordedHistories.named("v0/backup-succeeded.json");
  private static Replayer replayer;

  @BeforeAll
  static void open() {
    replayer = new Replayer();
  }

  @AfterAll
  static void close() {
    replayer.close();
  }

  /** Today's backup runbook plus an unversioned "announce the backup" activity before it starts. */
  public static class BackupThatAnnouncesItselfFirst extends BackupWorkflowImpl {
    @WorkflowInit
    public BackupThatAnnouncesItselfFirst(BackupRequest request) {
      super(request);
    }

    @Override
    public BackupOutcome backup(BackupRequest request) {
      OperatorActivities operators = Workflow.newActivityStub(OperatorActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
      operators.notifyOperators(new RunbookNotice(RunbookKind.BACKUP, request.target(),
          Workflow.getInfo().getWorkflowId(), NoticeOutcome.WARNING, null, "backup started"));
      return super.backup(request);
    }
  }

  @Test
  void todaysBackupWorkflowReplaysTheRecordedHistory() throws Exception {
    replayer.replay(RECORDED_BACKUP, BackupWorkflowImpl.class);
  }

  @Test
  void anUnversionedChangeFailsReplayAsNonDeterministic() {
    // The replayer reports the worker's NonDeterministicException in its message ([TMPRL1100]).
    assertThatThrownBy(() -> replayer.replay(RECORDED_BACKUP, BackupThatAnnouncesItselfFirst.class))
        .hasMessageContaining("NonDeterministicException")
        .hasMessageContaining("does not match command type COMMAND_TYPE_SCHEDULE_ACTIVITY_TASK");
  }
}
