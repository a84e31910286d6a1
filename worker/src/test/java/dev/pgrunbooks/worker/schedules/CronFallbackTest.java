package dev.pgrunbooks.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.testing.TestCluster;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code schedule apply|list|delete|trigger} against Temporal's test server, which lacks the Schedules
 * API: the cron-workflow fallback, idempotent like the real thing.
 */
class CronFallbackTest {
  @RegisterExtension final TestCluster temporal = TestCluster.timeSkipping(null);
  private RunbookSchedules schedules;

  @BeforeEach
  void setUp() {
    schedules = RunbookSchedules.connect(temporal.client());
  }

  @Test
  void applyTwiceChangesNothingAndAChangedCronIsUpdated() {
    RunbookConfig config = ScheduleTranslatorTest.config("0 2 * * *", "0 3 1 * *");

    ScheduleReport first = schedules.apply(config);
    assertThat(schedules.usesCronFallback()).isTrue();
    assertThat(first.note()).isEqualTo(RunbookSchedules.FALLBACK_NOTE);
    assertThat(first.changes()).extracting(ScheduleChange::id, ScheduleChange::action).containsExactly(
        org.assertj.core.groups.Tuple.tuple("backup-billing", ScheduleChange.Action.CREATED),
        org.assertj.core.groups.Tuple.tuple("backup-orders", ScheduleChange.Action.CREATED),
        org.assertj.core.groups.Tuple.tuple("rehearsal-orders", ScheduleChange.Action.CREATED));
    assertThat(running("rehearsal-orders")).isTrue();

    ScheduleReport second = schedules.apply(config);
    assertThat(second.changedNothing()).isTrue();
    assertThat(second.changes()).extracting(ScheduleChange::action).containsOnly(ScheduleChange.Action.UNCHANGED);

    ScheduleReport changed = schedules.apply(ScheduleTranslatorTest.config("0 2 * * *", "0 4 1 * *"));
    assertThat(changed.changes()).extracting(ScheduleChange::id, ScheduleChange::action).containsExactly(
        org.assertj.core.groups.Tuple.tuple("backup-billing", ScheduleChange.Action.UNCHANGED),
        org.assertj.core.groups.Tuple.tuple("backup-orders", ScheduleChange.Action.UNCHANGED),
        org.assertj.core.groups.Tuple.tuple("rehearsal-orders", ScheduleChange.Action.UPDATED));
    List<ScheduleStatus> listed = schedules.list(ScheduleTranslatorTest.config("0 2 * * *", "0 4 1 * *"));
    assertThat(listed).filteredOn(s -> s.id().equals("rehearsal-orders")).singleElement()
        .satisfies(s -> {
          assertThat(s.cron()).isEqualTo("0 4 1 * *");
          assertThat(s.state()).isEqualTo(ScheduleStatus.State.SCHEDULED);
          assertThat(s.fallback()).isTrue();
        });

    ScheduleChange triggered = schedules.trigger(config, "backup-orders");
    assertThat(triggered.detail()).startsWith("started backup-orders-");

    ScheduleReport deleted = schedules.delete(config, null);
    assertThat(deleted.changes()).extracting(ScheduleChange::action).containsOnly(ScheduleChange.Action.DELETED);
    assertThat(running("rehearsal-orders")).isFalse();
    assertThat(schedules.list(config)).extracting(ScheduleStatus::state).containsOnly(ScheduleStatus.State.ABSENT);
    assertThat(schedules.delete(config, "backup-orders").changes()).extracting(ScheduleChange::action)
        .containsExactly(ScheduleChange.Action.ABSENT);
  }

  private boolean running(String id) {
    return temporal.describe(id).getWorkflowExecutionInfo().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }
}
