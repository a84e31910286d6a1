package dev.pgrunbooks.worker.schedules;

import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.config.ConfigException;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.rehearsal.RehearsalNames;
import dev.pgrunbooks.rehearsal.RehearsalRequest;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.runbook.RunbookKind;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.WorkflowExecutionStartedEventAttributes;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleState;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code runbook schedule apply|list|delete|trigger}: the configured schedules on the Temporal server,
 * as Temporal Schedules, or, on a server without the Schedules API (the embedded development server),
 * as cron workflows with the same ids. Which one is found out once, on first use.
 */
public final class RunbookSchedules {
  /** The one line said when the fallback is in use. */
  public static final String FALLBACK_NOTE = "this Temporal server does not implement Schedules (the embedded dev"
      + " server): keeping them as cron workflows with the same ids instead";

  private final WorkflowClient client;
  private final ScheduleClient schedules;
  private final Clock clock;
  private Boolean fallback;

  public RunbookSchedules(WorkflowClient client, ScheduleClient schedules, Clock clock) {
    this.client = client;
    this.schedules = schedules;
    this.clock = clock;
  }

  /** Schedules on the same connection and namespace as {@code client}. */
  public static RunbookSchedules connect(WorkflowClient client) {
    return new RunbookSchedules(client, ScheduleClient.newInstance(client.getWorkflowServiceStubs(),
        ScheduleClientOptions.newBuilder().setNamespace(client.getOptions().getNamespace()).build()),
        Clock.systemUTC());
  }

  /** True when this server lacks the Schedules API and cron workflows stand in for schedules. */
  public boolean usesCronFallback() {
    if (fallback == null) {
      try {
        schedules.listSchedules(1).findFirst();
        fallback = false;
      } catch (RuntimeException e) {
        if (!isUnimplemented(e)) {
          throw e;
        }
        fallback = true;
      }
    }
    return fallback;
  }

  // ---- apply ----------------------------------------------------------------------------------

  /**
   * Makes the server hold exactly the configured schedules: creates missing ones, updates changed ones,
   * leaves equal ones alone. Schedules of ours the configuration no longer has are reported, not deleted.
   *
   * @throws ConfigException before touching anything, when a cron expression is invalid
   */
  public ScheduleReport apply(RunbookConfig config) {
    List<RunbookSchedule> wanted = ScheduleTranslator.fromConfig(config);
    List<ScheduleChange> changes = new ArrayList<>();
    if (usesCronFallback()) {
      wanted.forEach(s -> changes.add(applyCronWorkflow(s)));
      return new ScheduleReport(changes, FALLBACK_NOTE);
    }
    Set<String> existing = ourScheduleIds();
    for (RunbookSchedule s : wanted) {
      changes.add(existing.contains(s.id()) ? updateSchedule(s) : createSchedule(s));
    }
    Set<String> configured = wanted.stream().map(RunbookSchedule::id).collect(Collectors.toSet());
    existing.stream().filter(id -> !configured.contains(id)).sorted().forEach(id -> changes.add(new ScheduleChange(id,
        ScheduleChange.Action.NOT_IN_CONFIGURATION, "left alone; remove it with 'runbook schedule delete " + id + "'")));
    return new ScheduleReport(changes, null);
  }

  private ScheduleChange createSchedule(RunbookSchedule s) {
    schedules.createSchedule(s.id(), ScheduleTranslator.toSchedule(s), ScheduleOptions.newBuilder().build());
    return new ScheduleChange(s.id(), ScheduleChange.Action.CREATED, "cron '" + s.cron() + "' UTC");
  }

  private ScheduleChange updateSchedule(RunbookSchedule s) {
    ScheduleHandle handle = schedules.getHandle(s.id());
    ScheduleDescription current = handle.describe();
    ScheduleState state = current.getSchedule().getState();
    // The server turns cron expressions into calendars, so the note carries what was applied.
    if (state != null && s.fingerprint().equals(state.getNote())) {
      return new ScheduleChange(s.id(), ScheduleChange.Action.UNCHANGED, "cron '" + s.cron() + "' UTC");
    }
    boolean paused = state != null && state.isPaused();
    handle.update(input -> new ScheduleUpdate(ScheduleTranslator.toSchedule(s, paused)));
    return new ScheduleChange(s.id(), ScheduleChange.Action.UPDATED, "now cron '" + s.cron() + "' UTC"
        + (paused ? " (still paused)" : ""));
  }

  private ScheduleChange applyCronWorkflow(RunbookSchedule s) {
    Optional<WorkflowExecutionStartedEventAttributes> running = runningCronWorkflow(s.id());
    if (running.isPresent()) {
      WorkflowExecutionStartedEventAttributes started = running.get();
      if (started.getCronSchedule().equals(s.cron()) && started.getTaskQueue().getName().equals(s.taskQueue())
          && started.getWorkflowType().getName().equals(s.workflowType())) {
        return new ScheduleChange(s.id(), ScheduleChange.Action.UNCHANGED, "cron workflow, cron '" + s.cron() + "' UTC");
      }
      // A cron workflow's schedule cannot be changed in place: end it and start it anew.
      client.newUntypedWorkflowStub(s.id()).terminate("schedule changed by runbook schedule apply");
      startCronWorkflow(s);
      return new ScheduleChange(s.id(), ScheduleChange.Action.UPDATED, "cron workflow, was '"
          + started.getCronSchedule() + "', now '" + s.cron() + "' UTC");
    }
    startCronWorkflow(s);
    return new ScheduleChange(s.id(), ScheduleChange.Action.CREATED, "cron workflow, cron '" + s.cron() + "' UTC");
  }

  private void startCronWorkflow(RunbookSchedule s) {
    client.newUntypedWorkflowStub(s.workflowType(), ScheduleTranslator.cronWorkflowOptions(s)).start(s.argument());
  }

  // ---- list -----------------------------------------------------------------------------------

  /** The configured schedules and what the server holds for them, plus ours it holds beyond them. */
  public List<ScheduleStatus> list(RunbookConfig config) {
    List<RunbookSchedule> wanted = ScheduleTranslator.fromConfig(config);
    List<ScheduleStatus> statuses = new ArrayList<>();
    if (usesCronFallback()) {
      for (RunbookSchedule s : wanted) {
        Optional<WorkflowExecutionStartedEventAttributes> running = runningCronWorkflow(s.id());
        statuses.add(new ScheduleStatus(s.id(), s.target(), s.kind(),
            running.map(WorkflowExecutionStartedEventAttributes::getCronSchedule).orElse(null),
            running.isPresent() ? ScheduleStatus.State.SCHEDULED : ScheduleStatus.State.ABSENT,
            running.flatMap(r -> nextCronRun(s.id())).orElse(null), true));
      }
      return statuses;
    }
    Map<String, ScheduleListDescription> existing = schedules.listSchedules().filter(d -> isOurs(d.getScheduleId()))
        .collect(Collectors.toMap(ScheduleListDescription::getScheduleId, Function.identity(), (a, b) -> a));
    for (RunbookSchedule s : wanted) {
      ScheduleListDescription d = existing.remove(s.id());
      statuses.add(d == null
          ? new ScheduleStatus(s.id(), s.target(), s.kind(), null, ScheduleStatus.State.ABSENT, null, false)
          : status(d, s.target(), s.kind()));
    }
    existing.values().forEach(d -> statuses.add(status(d, null, null)));
    return statuses;
  }

  private ScheduleStatus status(ScheduleListDescription d, String target, RunbookKind kind) {
    ScheduleDescription full = schedules.getHandle(d.getScheduleId()).describe();
    ScheduleState state = full.getSchedule().getState();
    List<String> crons = full.getSchedule().getSpec().getCronExpressions();
    String cron = crons != null && !crons.isEmpty() ? crons.get(0) : cronFromNote(state == null ? null : state.getNote());
    List<Instant> next = full.getInfo().getNextActionTimes();
    ScheduleStatus.State shown = target == null ? ScheduleStatus.State.NOT_IN_CONFIGURATION
        : state != null && state.isPaused() ? ScheduleStatus.State.PAUSED : ScheduleStatus.State.SCHEDULED;
    return new ScheduleStatus(d.getScheduleId(), target, kind, cron, shown,
        next == null || next.isEmpty() ? null : next.get(0), false);
  }

  // ---- delete and trigger ---------------------------------------------------------------------

  /**
   * Deletes one schedule by id, or (id null) every configured one. Deleting what is not there is
   * reported as absent, not an error. The runs a schedule already started keep running.
   */
  public ScheduleReport delete(RunbookConfig config, String id) {
    List<String> ids = id != null ? List.of(id)
        : ScheduleTranslator.fromConfig(config).stream().map(RunbookSchedule::id).toList();
    List<ScheduleChange> changes = new ArrayList<>();
    boolean cron = usesCronFallback();
    for (String each : ids) {
      if (cron) {
        if (runningCronWorkflow(each).isPresent()) {
          client.newUntypedWorkflowStub(each).terminate("schedule deleted by runbook schedule delete");
          changes.add(new ScheduleChange(each, ScheduleChange.Action.DELETED, "cron workflow terminated"));
        } else {
          changes.add(new ScheduleChange(each, ScheduleChange.Action.ABSENT, "no such cron workflow"));
        }
        continue;
      }
      try {
        schedules.getHandle(each).delete();
        changes.add(new ScheduleChange(each, ScheduleChange.Action.DELETED, null));
      } catch (RuntimeException e) {
        if (!isNotFound(e)) {
          throw e;
        }
        changes.add(new ScheduleChange(each, ScheduleChange.Action.ABSENT, "no such schedule"));
      }
    }
    return new ScheduleReport(changes, cron ? FALLBACK_NOTE : null);
  }

  /**
   * Runs a configured schedule's runbook now. With Schedules, the schedule fires once (even if a run is
   * going); with the cron fallback, the runbook starts as a one-off workflow with its usual stamped id.
   *
   * @param id {@code backup-<target>} or {@code rehearsal-<target>}
   * @throws ConfigException when the configuration has no such schedule
   */
  public ScheduleChange trigger(RunbookConfig config, String id) {
    RunbookSchedule s = ScheduleTranslator.fromConfig(config).stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new ConfigException("no schedule '" + id + "' in the configuration; configured: "
            + ScheduleTranslator.fromConfig(config).stream().map(RunbookSchedule::id).collect(Collectors.joining(", "))));
    if (!usesCronFallback()) {
      schedules.getHandle(id).trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL);
      return new ScheduleChange(id, ScheduleChange.Action.TRIGGERED, "the schedule fired now");
    }
    Instant now = clock.instant().with(java.time.temporal.ChronoField.NANO_OF_SECOND, 0);
    String workflowId;
    Object argument;
    if (s.kind() == RunbookKind.BACKUP) {
      workflowId = RunbookKind.BACKUP + "-" + s.target() + "-" + BackupKeys.stamp(now);
      argument = new BackupRequest(s.target(), "schedule-trigger", now);
    } else {
      workflowId = RehearsalNames.workflowId(s.target(), now);
      argument = new RehearsalRequest(s.target(), null, "schedule-trigger", now);
    }
    client.newUntypedWorkflowStub(s.workflowType(), WorkflowOptions.newBuilder()
        .setWorkflowId(workflowId).setTaskQueue(s.taskQueue()).build()).start(argument);
    return new ScheduleChange(id, ScheduleChange.Action.TRIGGERED, "started " + workflowId);
  }

  // ---- helpers --------------------------------------------------------------------------------

  private Set<String> ourScheduleIds() {
    Set<String> ids = new HashSet<>();
    schedules.listSchedules().map(ScheduleListDescription::getScheduleId).filter(RunbookSchedules::isOurs)
        .forEach(ids::add);
    return ids;
  }

  private static boolean isOurs(String id) {
    return id.startsWith(RunbookKind.BACKUP + "-") || id.startsWith(RunbookKind.REHEARSAL + "-");
  }

  /** The start attributes of the running cron workflow {@code id} (its current run), if there is one. */
  private Optional<WorkflowExecutionStartedEventAttributes> runningCronWorkflow(String id) {
    DescribeWorkflowExecutionResponse described;
    try {
      described = describe(id);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
    if (described.getWorkflowExecutionInfo().getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    var history = client.getWorkflowServiceStubs().blockingStub().getWorkflowExecutionHistory(
        GetWorkflowExecutionHistoryRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id)
                .setRunId(described.getWorkflowExecutionInfo().getExecution().getRunId()))
            .setMaximumPageSize(1)
            .build());
    if (history.getHistory().getEventsCount() == 0 || !history.getHistory().getEvents(0).hasWorkflowExecutionStartedEventAttributes()) {
      return Optional.empty();
    }
    WorkflowExecutionStartedEventAttributes started = history.getHistory().getEvents(0)
        .getWorkflowExecutionStartedEventAttributes();
    return started.getCronSchedule().isEmpty() ? Optional.empty() : Optional.of(started);
  }

  /** When the current run of a cron workflow is due: its execution time, before its first task runs. */
  private Optional<Instant> nextCronRun(String id) {
    var info = describe(id).getWorkflowExecutionInfo();
    if (!info.hasExecutionTime()) {
      return Optional.empty();
    }
    Instant at = Instant.ofEpochSecond(info.getExecutionTime().getSeconds(), info.getExecutionTime().getNanos());
    return at.isAfter(clock.instant()) ? Optional.of(at) : Optional.empty();
  }

  private DescribeWorkflowExecutionResponse describe(String id) {
    return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
        DescribeWorkflowExecutionRequest.newBuilder()
            .setNamespace(client.getOptions().getNamespace())
            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id))
            .build());
  }

  private static String cronFromNote(String note) {
    if (note == null) {
      return null;
    }
    int start = note.indexOf("cron '");
    int end = start < 0 ? -1 : note.indexOf('\'', start + 6);
    return end < 0 ? null : note.substring(start + 6, end);
  }

  static boolean isUnimplemented(Throwable e) {
    return hasStatus(e, Status.Code.UNIMPLEMENTED);
  }

  private static boolean isNotFound(Throwable e) {
    return hasStatus(e, Status.Code.NOT_FOUND);
  }

  private static boolean hasStatus(Throwable e, Status.Code code) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException s && s.getStatus().getCode() == code) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
