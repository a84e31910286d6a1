package dev.pgrunbooks.runbook;

import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The journal a runbook keeps of its steps, and the one place a step is started. Running a step
 * records it for {@code runbook status} and the report, sets the {@code RunbookStep} search attribute
 * and the workflow's current details for the Temporal UI, and starts the activity under the step's
 * own name with a one-line summary.
 *
 * <p>Workflow code only: everything here is deterministic.
 */
public final class RunbookSteps {

  private final String kind;
  private final String target;
  private final Function<String, ActivityOptions> optionsForStep;
  private final List<StepRecord> steps = new ArrayList<>();
  private String status = RunbookStatus.RUNNING;
  private String currentStep;
  private String waitingFor;

  /**
   * @param optionsForStep the timeouts and retry policy of each step, by step name
   */
  public RunbookSteps(String kind, String target, Function<String, ActivityOptions> optionsForStep) {
    this.kind = kind;
    this.target = target;
    this.optionsForStep = optionsForStep;
  }

  /** Tag the run so the UI can filter by target, kind and status. Call first. */
  public void begin() {
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.TARGET.valueSet(target),
        RunbookSearchAttributes.KIND.valueSet(kind),
        RunbookSearchAttributes.STATUS.valueSet(status));
    publishDetails();
  }

  /**
   * Runs one step: the activity {@code call} makes on a stub of {@code activities} created with this
   * step's options and summary.
   *
   * @throws StepFailedException when the activity failed after its retries
   */
  public <A, R> R run(String step, String summary, Class<A> activities, Function<A, R> call) {
    A stub = Workflow.newActivityStub(activities, optionsForStep.apply(step).toBuilder()
        .setSummary(truncate(summary, 200))
        .build());
    int index = start(step, summary);
    try {
      R result = call.apply(stub);
      finish(index, StepRecord.SUCCEEDED, null);
      return result;
    } catch (ActivityFailure failure) {
      String reason = reasonOf(failure);
      finish(index, StepRecord.FAILED, reason);
      throw new StepFailedException(step, reason, isRetryable(failure), failure);
    }
  }

  /**
   * Starts a step a human performs (an approval) rather than an activity; finish it with
   * {@link #finishManual}.
   */
  public int startManual(String step, String summary) {
    return start(step, summary);
  }

  public void finishManual(int index, String state, String detail) {
    finish(index, state, detail);
  }

  /**
   * Fails the step that just succeeded as an activity when its result does not pass: the activity
   * measured, the runbook judges (an integrity check that found differences).
   *
   * @throws StepFailedException when {@code ok} is false
   */
  public void require(String step, boolean ok, String reason) {
    if (ok) {
      return;
    }
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).name().equals(step)) {
        steps.set(i, steps.get(i).finished(StepRecord.FAILED, now(), reason));
        break;
      }
    }
    publishDetails();
    throw new StepFailedException(step, reason, false, null);
  }

  /** Records a step that was deliberately not run, with why. */
  public void skipped(String step, String why) {
    Instant now = now();
    steps.add(new StepRecord(step, why, StepRecord.SKIPPED, now, now, why));
  }

  /** Says what the runbook waits for (an approval, a decision) until {@link #stopWaiting()}. */
  public void waitingFor(String what, String newStatus) {
    waitingFor = what;
    setStatus(newStatus);
  }

  public void stopWaiting() {
    waitingFor = null;
    setStatus(RunbookStatus.RUNNING);
  }

  public void succeeded() {
    currentStep = null;
    setStatus(RunbookStatus.SUCCEEDED);
  }

  public void failed() {
    setStatus(RunbookStatus.FAILED);
  }

  public RunbookProgress progress() {
    return new RunbookProgress(kind, target, status, currentStep, waitingFor, List.copyOf(steps));
  }

  public List<StepRecord> records() {
    return List.copyOf(steps);
  }

  public boolean completed(String step) {
    return steps.stream().anyMatch(s -> s.name().equals(step) && s.state().equals(StepRecord.SUCCEEDED));
  }

  private int start(String step, String summary) {
    currentStep = step;
    steps.add(new StepRecord(step, summary, StepRecord.RUNNING, now(), null, null));
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STEP.valueSet(step));
    publishDetails();
    return steps.size() - 1;
  }

  private void finish(int index, String state, String detail) {
    steps.set(index, steps.get(index).finished(state, now(), detail));
    publishDetails();
  }

  private void setStatus(String newStatus) {
    status = newStatus;
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STATUS.valueSet(newStatus));
    publishDetails();
  }

  /** The "current details" pane of the Temporal UI: status, current step, what it waits for. */
  private void publishDetails() {
    StringBuilder md = new StringBuilder();
    md.append("**").append(kind).append(" ").append(target).append("**: ").append(status).append('\n');
    if (currentStep != null) {
      StepRecord current = steps.get(steps.size() - 1);
      md.append("\n**Step:** ").append(current.name()).append(" (").append(current.state().toLowerCase())
          .append(") — ").append(current.summary()).append('\n');
      if (current.detail() != null) {
        md.append("\n").append(current.detail()).append('\n');
      }
    }
    if (waitingFor != null) {
      md.append("\n**Waiting for:** ").append(waitingFor).append('\n');
    }
    md.append("\n| step | state |\n|---|---|\n");
    for (StepRecord s : steps) {
      md.append("| ").append(s.name()).append(" | ").append(s.state().toLowerCase()).append(" |\n");
    }
    Workflow.setCurrentDetails(md.toString());
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }

  /** The failure as the activity described it, without Temporal's wrapping. */
  static String reasonOf(Throwable failure) {
    Throwable cause = failure instanceof ActivityFailure ? failure.getCause() : failure;
    if (cause instanceof ApplicationFailure app) {
      String message = app.getOriginalMessage();
      return message == null || message.isBlank() ? app.getType() : message;
    }
    if (cause instanceof TimeoutFailure timeout) {
      String last = timeout.getCause() != null ? ": last error: " + reasonOf(timeout.getCause()) : "";
      return "timed out (" + timeout.getTimeoutType().name().toLowerCase().replace("timeout_type_", "")
          .replace('_', '-') + ")" + last;
    }
    return cause != null && cause.getMessage() != null ? cause.getMessage() : String.valueOf(cause);
  }

  private static boolean isRetryable(ActivityFailure failure) {
    return !(failure.getCause() instanceof ApplicationFailure app && app.isNonRetryable());
  }

  private static String truncate(String s, int maxBytes) {
    // The UI's summary limit is in bytes; step summaries are short, so trimming by chars is enough.
    return s.length() <= maxBytes / 2 ? s : s.substring(0, maxBytes / 2 - 1) + "…";
  }
}
