package dev.pgrunbooks.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgrunbooks.cli.RunbookState.ActiveStep;
import dev.pgrunbooks.cli.RunbookState.StepView;
import dev.pgrunbooks.runbook.FailureType;
import dev.pgrunbooks.runbook.Labelled;
import dev.pgrunbooks.runbook.RunbookKind;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import dev.pgrunbooks.runbook.StepRecord;
import dev.pgrunbooks.runbook.TransferProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.converter.DataConverterException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads a runbook run from Temporal: the execution's description (status, search attributes, the
 * pending step and its heartbeat), the runbook's {@code progress} query, and the result or failure
 * once it closed.
 */
final class StatusReader {
  private static final String STATUS_PREFIX = "WORKFLOW_EXECUTION_STATUS_";

  private final WorkflowClient client;
  private final Clock clock;

  StatusReader(WorkflowClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** @throws io.temporal.client.WorkflowNotFoundException when there is no such workflow */
  RunbookState read(String workflowId) {
    WorkflowExecutionDescription description = client.newUntypedWorkflowStub(workflowId).describe();
    DescribeWorkflowExecutionResponse raw = description.getRawDescription();
    WorkflowExecution execution = description.getExecution();
    String status = description.getStatus().name().replace(STATUS_PREFIX, "");
    String taskQueue = description.getTaskQueue();
    RunbookKind kind = RunbookTypes.kindOfWorkflowId(workflowId)
        .orElseGet(() -> Labelled.fromLabel(RunbookKind.class, attribute(description, RunbookSearchAttributes.KIND)));
    Optional<RunbookType<?>> type = Optional.ofNullable(kind).flatMap(RunbookTypes::forKind);
    boolean running = RunbookState.RUNNING.equals(status);

    // A workflow no worker has picked up (history: started, first task scheduled) cannot answer a
    // query: say so instead of waiting for one.
    long events = description.getHistoryLength();
    boolean neverPickedUp = running && events > 0 && events <= 2;
    // A closed run answers from a worker's replay; only a run that failed in its own code (not one
    // terminated, cancelled or timed out from outside) is worth asking for the steps it took.
    boolean ask = running ? !neverPickedUp : "FAILED".equals(status);
    ProgressQuery.Answer answer = ask
        ? ProgressQuery.ask(client, execution, taskQueue)
        : new ProgressQuery.Answer(null, null);
    RunbookProgress progress = answer.progress();
    String waitingFor = neverPickedUp
        ? "a worker on task queue " + taskQueue + " to pick it up (none has yet: is 'runbook worker' running?)"
        : progress != null ? progress.waitingFor() : null;

    Object result = null;
    String outcome = null;
    String failure = null;
    String failureType = null;
    List<StepRecord> steps = progress != null ? progress.steps() : null;
    if (!running) {
      WorkflowStub run = client.newUntypedWorkflowStub(workflowId, Optional.of(execution.getRunId()), Optional.empty());
      try {
        result = run.getResult(type.<Class<?>>map(RunbookType::resultType).orElse(JsonNode.class));
        if (type.isPresent()) {
          steps = type.get().stepsOf(result);
          outcome = type.get().outcomeOf(result);
        }
      } catch (WorkflowFailedException e) {
        failure = FailureMessages.of(e);
        failureType = FailureType.of(e).map(FailureType::wireName).orElse(null);
      }
    }

    return new RunbookState(
        workflowId,
        execution.getRunId(),
        kind == null ? null : kind.label(),
        attribute(description, RunbookSearchAttributes.TARGET),
        description.getStaticSummary(),
        taskQueue,
        status,
        attribute(description, RunbookSearchAttributes.STATUS),
        description.getStartTime(),
        description.getCloseTime(),
        running ? currentStep(progress, description) : null,
        running ? waitingFor : null,
        running ? activeStep(raw) : null,
        steps == null ? null : steps.stream().map(this::view).toList(),
        result,
        outcome,
        failure,
        failureType,
        answer.unavailable());
  }

  private static String currentStep(RunbookProgress progress, WorkflowExecutionDescription description) {
    if (progress != null && progress.currentStep() != null) {
      return progress.currentStep();
    }
    return attribute(description, RunbookSearchAttributes.STEP);
  }

  private ActiveStep activeStep(DescribeWorkflowExecutionResponse raw) {
    if (raw.getPendingActivitiesCount() == 0) {
      return null;
    }
    PendingActivityInfo activity = raw.getPendingActivities(0);
    TransferProgress transfer = transfer(activity);
    return new ActiveStep(
        activity.getActivityType().getName(),
        activity.getState().name().replace("PENDING_ACTIVITY_STATE_", ""),
        activity.getAttempt(),
        transfer == null ? null : transfer.phase(),
        transfer == null ? null : transfer.bytes(),
        activity.hasLastFailure() ? failureText(activity.getLastFailure()) : null);
  }

  /** The previous attempt's error; an exception without a message is named by its type. */
  private static String failureText(Failure failure) {
    if (!failure.getMessage().isBlank()) {
      return failure.getMessage();
    }
    return failure.hasApplicationFailureInfo() ? failure.getApplicationFailureInfo().getType() : "failed";
  }

  /** The bytes a data-moving step reported in its last heartbeat, if it is one. */
  private TransferProgress transfer(PendingActivityInfo activity) {
    if (!activity.hasHeartbeatDetails() || activity.getHeartbeatDetails().getPayloadsCount() == 0) {
      return null;
    }
    try {
      return client.getOptions().getDataConverter().fromPayloads(
          0, Optional.of(activity.getHeartbeatDetails()), TransferProgress.class, TransferProgress.class);
    } catch (DataConverterException notTransferProgress) {
      return null;
    }
  }

  private StepView view(StepRecord step) {
    Instant end = step.finishedAt() != null ? step.finishedAt() : clock.instant();
    Long duration = step.startedAt() == null ? null : Duration.between(step.startedAt(), end).toMillis();
    return new StepView(step.name(), step.summary(), step.state(), step.startedAt(), step.finishedAt(),
        duration, step.detail());
  }

  private static String attribute(WorkflowExecutionDescription description, SearchAttributeKey<String> key) {
    try {
      return description.getTypedSearchAttributes().get(key);
    } catch (RuntimeException missingOrUntyped) {
      return null;
    }
  }
}
