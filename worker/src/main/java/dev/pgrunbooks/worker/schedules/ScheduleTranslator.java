package dev.pgrunbooks.worker.schedules;

import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.CronExpression;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.TargetConfig;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.rehearsal.RehearsalWorkflow;
import dev.pgrunbooks.runbook.RunbookKind;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * From the configuration to Temporal: each target's {@code backup.cron} becomes schedule
 * {@code backup-<target>} starting the backup runbook, its {@code rehearsal.cron} schedule
 * {@code rehearsal-<target>} starting the rehearsal. Times are UTC; a run still going when the next is
 * due makes the next one skip (a backup never races itself); a worker or server down for less than the
 * catch-up window still runs what it missed, once.
 */
public final class ScheduleTranslator {
  /** Workflow type of the backup runbook ({@code BackupWorkflow#backup}). */
  public static final String BACKUP_WORKFLOW_TYPE = "Backup";
  public static final String TIME_ZONE = "UTC";
  public static final ScheduleOverlapPolicy OVERLAP = ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
  public static final Duration CATCHUP_WINDOW = Duration.ofHours(1);
  /** Who started a scheduled run, as the runbooks record it. */
  public static final String TRIGGER = "schedule";

  private ScheduleTranslator() {}

  /**
   * Every schedule the configuration asks for, targets in name order, backup before rehearsal.
   *
   * @throws ConfigException naming the target and field of every invalid cron expression
   */
  public static List<RunbookSchedule> fromConfig(RunbookConfig config) {
    List<RunbookSchedule> schedules = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String taskQueue = config.worker().taskQueue();
    new TreeMap<>(config.targets()).forEach((target, t) -> {
      String backupCron = backupCron(t);
      if (backupCron != null) {
        try {
          String cron = CronExpression.validate(backupCron, "targets." + target + ".backup.cron");
          schedules.add(new RunbookSchedule(id(RunbookKind.BACKUP, target), RunbookKind.BACKUP, target, cron,
              BACKUP_WORKFLOW_TYPE, taskQueue, new BackupRequest(target, TRIGGER, null)));
        } catch (ConfigException e) {
          problems.add(e.getMessage());
        }
      }
      String rehearsalCron = rehearsalCron(t);
      if (rehearsalCron != null) {
        try {
          String cron = CronExpression.validate(rehearsalCron, "targets." + target + ".rehearsal.cron");
          // The pick is left to the target's configuration at run time: changing it needs no re-apply.
          schedules.add(new RunbookSchedule(id(RunbookKind.REHEARSAL, target), RunbookKind.REHEARSAL, target, cron,
              RehearsalWorkflow.TYPE, taskQueue, new RehearsalRequest(target, null, TRIGGER, null)));
        } catch (ConfigException e) {
          problems.add(e.getMessage());
        }
      }
    });
    if (!problems.isEmpty()) {
      throw new ConfigException(String.join("; ", problems));
    }
    return schedules;
  }

  /** {@code backup-orders}, {@code rehearsal-orders}. */
  public static String id(RunbookKind kind, String target) {
    return kind + "-" + target;
  }

  /** The Temporal Schedule for one configured schedule. */
  public static Schedule toSchedule(RunbookSchedule schedule) {
    return toSchedule(schedule, false);
  }

  /** @param paused keep a schedule an operator paused paused when updating it */
  public static Schedule toSchedule(RunbookSchedule schedule, boolean paused) {
    return Schedule.newBuilder()
        .setSpec(ScheduleSpec.newBuilder()
            .setCronExpressions(List.of(schedule.cron()))
            .setTimeZoneName(TIME_ZONE)
            .build())
        .setAction(ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType(schedule.workflowType())
            .setArguments(schedule.argument())
            .setOptions(WorkflowOptions.newBuilder()
                // The server appends the scheduled time: backup-orders-2026-11-22T02:00:00Z.
                .setWorkflowId(schedule.id())
                .setTaskQueue(schedule.taskQueue())
                .build())
            .build())
        .setPolicy(SchedulePolicy.newBuilder()
            .setOverlap(OVERLAP)
            .setCatchupWindow(CATCHUP_WINDOW)
            .setPauseOnFailure(false)
            .build())
        .setState(ScheduleState.newBuilder()
            .setPaused(paused)
            .setNote(schedule.fingerprint())
            .build())
        .build();
  }

  /**
   * The fallback on a server without the Schedules API: one cron workflow per schedule, under the
   * schedule's id. Cron workflows run in the server's UTC, and a run never overlaps the next (the next
   * starts after the current one ends), which matches the schedule's SKIP policy.
   */
  public static WorkflowOptions cronWorkflowOptions(RunbookSchedule schedule) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(schedule.id())
        .setTaskQueue(schedule.taskQueue())
        .setCronSchedule(schedule.cron())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .build();
  }

  private static String backupCron(TargetConfig t) {
    return t.backup() == null || t.backup().cron() == null ? null : t.backup().cron();
  }

  private static String rehearsalCron(TargetConfig t) {
    return t.rehearsal() == null || t.rehearsal().cron() == null ? null : t.rehearsal().cron();
  }
}
