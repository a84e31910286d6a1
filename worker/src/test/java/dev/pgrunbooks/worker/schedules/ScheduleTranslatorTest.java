package dev.pgrunbooks.worker.schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.TestTarget;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** From {@code runbooks.yaml} to Temporal Schedule specs, and the cron expressions that are refused. */
class ScheduleTranslatorTest {

  static RunbookConfig config(String backupCron, String rehearsalCron) {
    return TestConfig.defaultStore()
        .target("orders", "orders", t -> schedules(t, backupCron, rehearsalCron))
        .target("billing", "billing", t -> schedules(t, "30 1 * * *", null))
        .worker("runbooks-q", null)
        .build();
  }

  /** A null cron: no schedule of that kind, not even an empty section. */
  private static TestTarget schedules(TestTarget target, String backupCron, String rehearsalCron) {
    return rehearsalCron == null ? target.backupCron(backupCron) : target.backupCron(backupCron).rehearsalCron(rehearsalCron);
  }

  @Test
  void eachTargetsCronsBecomeSchedulesWithFixedIdsInUtcSkippingOverlapsWithACatchUpWindow() {
    List<RunbookSchedule> schedules = ScheduleTranslator.fromConfig(config("0 2 * * *", "0 3 1 * *"));

    assertThat(schedules).extracting(RunbookSchedule::id)
        .containsExactly("backup-billing", "backup-orders", "rehearsal-orders");
    RunbookSchedule rehearsal = schedules.get(2);
    assertThat(rehearsal.argument()).isEqualTo(new RehearsalRequest("orders", null, "schedule", null));
    assertThat(schedules.get(1).argument()).isEqualTo(new BackupRequest("orders", "schedule", null));

    Schedule schedule = ScheduleTranslator.toSchedule(rehearsal);
    assertThat(schedule.getSpec().getCronExpressions()).containsExactly("0 3 1 * *");
    assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("UTC");
    assertThat(schedule.getPolicy().getOverlap()).isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.getPolicy().isPauseOnFailure()).isFalse();
    assertThat(schedule.getState().isPaused()).isFalse();
    assertThat(schedule.getState().getNote()).contains("cron '0 3 1 * *' UTC");
    ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow) schedule.getAction();
    assertThat(action.getWorkflowType()).isEqualTo("Rehearsal");
    assertThat(action.getOptions().getWorkflowId()).isEqualTo("rehearsal-orders");
    assertThat(action.getOptions().getTaskQueue()).isEqualTo("runbooks-q");
    assertThat(action.getArguments().get(0, RehearsalRequest.class)).isEqualTo(rehearsal.argument());

    Schedule backup = ScheduleTranslator.toSchedule(schedules.get(1));
    assertThat(((ScheduleActionStartWorkflow) backup.getAction()).getWorkflowType()).isEqualTo("Backup");
    assertThat(backup.getSpec().getCronExpressions()).containsExactly("0 2 * * *");

    assertThat(ScheduleTranslator.cronWorkflowOptions(rehearsal).getCronSchedule()).isEqualTo("0 3 1 * *");
    assertThat(ScheduleTranslator.cronWorkflowOptions(rehearsal).getWorkflowId()).isEqualTo("rehearsal-orders");
  }

  @Test
  void anInvalidCronExpressionIsRejectedNamingTargetAndField() {
    assertThatThrownBy(() -> ScheduleTranslator.fromConfig(config("0 2 * * *", "61 3 * * *")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("targets.orders.rehearsal.cron: '61 3 * * *' is not a valid cron expression: "
            + "minute 61 out of range (0-59)");
    assertThatThrownBy(() -> ScheduleTranslator.fromConfig(config("0 2 * *", null)))
        .hasMessageContaining("targets.orders.backup.cron: '0 2 * *' is not a valid cron expression: it has 4 fields, not 5");
  }
}
