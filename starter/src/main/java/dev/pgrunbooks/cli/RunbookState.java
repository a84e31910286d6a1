package dev.pgrunbooks.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.pgrunbooks.runbook.StepState;
import java.time.Instant;
import java.util.List;

/**
 * Everything {@code runbook status} knows about one runbook run; {@code --json} prints it as is.
 *
 * @param status Temporal's execution status: RUNNING, COMPLETED, FAILED, TERMINATED, CANCELED, TIMED_OUT
 * @param runbookStatus the runbook's own status (Running, AwaitingApproval, NeedsOperator, ...)
 * @param activeStep the step running now, with its attempt and the bytes it has moved
 * @param result the runbook's result when it completed
 * @param outcome the result in one line
 * @param failure why it failed, in the runbook's own words
 * @param failureType the failure's type from the catalogue ({@code RestoreAborted}, {@code BackupFailed}, ...),
 *     for scripts that act on it
 * @param note what the command could not find out, and why
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunbookState(
    String workflowId,
    String runId,
    String kind,
    String target,
    String summary,
    String taskQueue,
    String status,
    String runbookStatus,
    Instant startedAt,
    Instant closedAt,
    String currentStep,
    String waitingFor,
    ActiveStep activeStep,
    List<StepView> steps,
    Object result,
    String outcome,
    String failure,
    String failureType,
    String note) {

  public static final String RUNNING = "RUNNING";
  public static final String COMPLETED = "COMPLETED";

  public boolean closed() {
    return !RUNNING.equals(status);
  }

  public boolean succeeded() {
    return COMPLETED.equals(status);
  }

  /**
   * The step running now, from the workflow's pending activity.
   *
   * @param phase and {@code bytes}: the step's last heartbeat, for steps that move data
   * @param lastFailure the error of the previous attempt when the step is being retried
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ActiveStep(String step, String state, int attempt, String phase, Long bytes, String lastFailure) {}

  /** One step as {@code status} shows it: its state, when it started, how long it took. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StepView(
      String name, String summary, StepState state, Instant startedAt, Instant finishedAt,
      Long durationMillis, String detail) {}
}
