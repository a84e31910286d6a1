package dev.pgrunbooks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.backup.BackupStep;
import dev.pgrunbooks.rehearsal.RehearsalStep;
import dev.pgrunbooks.restore.DisasterRecoveryStep;
import dev.pgrunbooks.restore.RollbackStep;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookStep;
import dev.pgrunbooks.runbook.StepRecord;
import io.temporal.client.WorkflowClient;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code runbook status} and the reports show of a run must be names from its runbook's step
 * enum: checked after every workflow test, through the same {@code progress} query the command line
 * sends.
 */
final class JournalNames {
  private static final Map<RunbookKind, Class<? extends RunbookStep>> STEPS = Map.of(
      RunbookKind.BACKUP, BackupStep.class,
      RunbookKind.RESTORE, DisasterRecoveryStep.class,
      RunbookKind.REHEARSAL, RehearsalStep.class,
      RunbookKind.ROLLBACK, RollbackStep.class);

  private JournalNames() {}

  static void assertFromStepEnums(WorkflowClient client, List<String> workflowIds) {
    for (String id : workflowIds) {
      RunbookProgress progress = client.newUntypedWorkflowStub(id).query("progress", RunbookProgress.class);
      Set<String> allowed = Arrays.stream(STEPS.get(progress.kind()).getEnumConstants())
          .map(RunbookStep::stepName).collect(Collectors.toSet());
      assertThat(progress.steps()).extracting(StepRecord::name)
          .as("journal of %s (%s)", id, progress.kind())
          .allMatch(allowed::contains, "a step of " + STEPS.get(progress.kind()).getSimpleName());
    }
  }
}
