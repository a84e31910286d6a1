package dev.pgrunbooks.runbook;

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
 * and the workflow's current details for the Temporal UI, and starts the step's activity with the
 * options its {@link ActivityType} declares and a one-line summary.
 *
 * <p>What every runbook shares is here, written once: best-effort steps, telling the operators (with
 * the one rule for counting a step failure), and the status.
 *
 * <p>Workflow code only: everything here is deterministic.
 *
 * @param <S> the runbook's step enum; the journal only ever records names of its constants
 */
public final class RunbookSteps<S extends Enum<S> & RunbookStep> {

  private final RunbookKind kind;
  private final String target;
  private final Class<S> stepType;
  private final List<StepRecord> steps = new ArrayList<>();
  private RunbookStatus status = RunbookStatus.RUNNING;
  private String currentStep;
  private String waitingFor;

  private RunbookSteps(RunbookKind kind, String target, Class<S> stepType) {
    this.kind = kind;
    this.target = target;
    this.stepType = stepType;
  }

  /**
   * A journal for a runbook of {@code kind} on {@code target}, whose steps are the constants of
   * {@code stepType}. Create it in the workflow's {@code @WorkflowInit} constructor, so queries answered
   * before the workflow method runs already name the target; call {@link #begin()} first thing in the
   * workflow method.
   */
  public static <S extends Enum<S> & RunbookStep> RunbookSteps<S> of(RunbookKind kind, String target, Class<S> stepType) {
    return new RunbookSteps<>(kind, target, stepType);
  }

  /** Tag the run so the UI can filter by target, kind and status. Call first. */
  public void begin() {
    Workflow.upsertTypedSearchAttributes(
        RunbookSearchAttributes.TARGET.valueSet(target),
        RunbookSearchAttributes.KIND.valueSet(kind.label()),
        RunbookSearchAttributes.STATUS.valueSet(status.label()));
    publishDetails();
  }

  public String target() {
    return target;
  }

  /**
   * Runs one step: the activity {@code call} makes on a stub of {@code activities} created with this
   * step's options and summary.
   *
   * @throws StepFailedException when the activity failed after its retries
   */
  public <A, R> R run(S step, String summary, Class<A> activities, Function<A, R> call) {
    A stub = Workflow.newActivityStub(activities, step.options().toBuilder()
        .setSummary(truncate(summary, 200))
        .build());
    int index = start(step, summary);
    try {
      R result = call.apply(stub);
      finish(index, StepState.SUCCEEDED, null);
      return result;
    } catch (ActivityFailure failure) {
      String reason = reasonOf(failure);
      finish(index, StepState.FAILED, reason);
      throw new StepFailedException(step.stepName(), reason, isRetryable(failure), failure);
    }
  }

  /**
   * Runs a step whose failure must not change the runbook's outcome (cleanup, evidence, metrics,
   * notifications): the journal shows the failure, and the runbook goes on.
   *
   * @return the step's result, or null when it failed after its retries
   */
  public <A, R> R bestEffort(S step, String summary, Class<A> activities, Function<A, R> call) {
    try {
      return run(step, summary, activities, call);
    } catch (StepFailedException failed) {
      return null;
    }
  }

  /**
   * Tells the operators, the one way every runbook does: a notice that reports a failed step
   * ({@link NoticeOutcome#reportsStepFailure()}) first counts it in
   * {@code pgrunbooks_step_failures_total} (step {@code RecordStepFailure}), then the webhook gets the
   * notice (step {@code Notify}; the worker decides whether a success is posted). Neither can change
   * the runbook's outcome.
   */
  public void tellOperators(NoticeOutcome outcome, String failedStep, String message) {
    RunbookNotice notice = new RunbookNotice(kind, target, Workflow.getInfo().getWorkflowId(), outcome, failedStep,
        message);
    String summary = "Tell the operators: " + outcome + (failedStep == null ? "" : " at " + failedStep);
    boolean countIt = failedStep != null && outcome.reportsStepFailure();
    if (countIt && !RunbookVersions.RECORD_STEP_FAILURE_OWN_STEP.isOn()) {
      // Runs started before the split replay their history: one Notify step that ran both activities.
      bestEffort(step(ActivityType.NOTIFY), summary, OperatorActivities.class, a -> {
        a.recordStepFailure(kind, target, failedStep);
        a.notifyOperators(notice);
        return null;
      });
      return;
    }
    if (countIt) {
      bestEffort(step(ActivityType.RECORD_STEP_FAILURE), "Count the failure of " + failedStep,
          OperatorActivities.class, a -> {
            a.recordStepFailure(kind, target, failedStep);
            return null;
          });
    }
    bestEffort(step(ActivityType.NOTIFY), summary, OperatorActivities.class, a -> {
      a.notifyOperators(notice);
      return null;
    });
  }

  /**
   * Starts a step a human performs (an approval) or a child workflow rather than an activity; finish it
   * with {@link #finishManual}.
   */
  public int startManual(S step, String summary) {
    return start(step, summary);
  }

  public void finishManual(int index, StepState state, String detail) {
    finish(index, state, detail);
  }

  /**
   * Fails the step that just succeeded as an activity when its result does not pass: the activity
   * measured, the runbook judges (an integrity check that found differences).
   *
   * @throws StepFailedException when {@code ok} is false
   */
  public void require(S step, boolean ok, String reason) {
    if (ok) {
      return;
    }
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).name().equals(step.stepName())) {
        steps.set(i, steps.get(i).finished(StepState.FAILED, now(), reason));
        break;
      }
    }
    publishDetails();
    throw new StepFailedException(step.stepName(), reason, false, null);
  }

  /** Records a step that was deliberately not run, with why. */
  public void skipped(S step, String why) {
    Instant now = now();
    steps.add(new StepRecord(step.stepName(), why, StepState.SKIPPED, now, now, why));
  }

  /** Says what the runbook waits for (an approval, a decision) until {@link #stopWaiting()}. */
  public void waitingFor(String what, RunbookStatus newStatus) {
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

  public RunbookStatus status() {
    return status;
  }

  public RunbookProgress progress() {
    return new RunbookProgress(kind, target, status, currentStep, waitingFor, List.copyOf(steps));
  }

  public List<StepRecord> records() {
    return List.copyOf(steps);
  }

  private S step(ActivityType activity) {
    for (S s : stepType.getEnumConstants()) {
      if (s.activity() == activity) {
        return s;
      }
    }
    throw new IllegalStateException(stepType.getSimpleName() + " has no step for " + activity.typeName());
  }

  private int start(S step, String summary) {
    currentStep = step.stepName();
    steps.add(new StepRecord(step.stepName(), summary, StepState.RUNNING, now(), null, null));
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STEP.valueSet(step.stepName()));
    publishDetails();
    return steps.size() - 1;
  }

  private void finish(int index, StepState state, String detail) {
    steps.set(index, steps.get(index).finished(state, now(), detail));
    publishDetails();
  }

  private void setStatus(RunbookStatus newStatus) {
    status = newStatus;
    Workflow.upsertTypedSearchAttributes(RunbookSearchAttributes.STATUS.valueSet(newStatus.label()));
    publishDetails();
  }

  /** The "current details" pane of the Temporal UI: status, current step, what it waits for. */
  private void publishDetails() {
    StringBuilder md = new StringBuilder();
    md.append("**").append(kind).append(" ").append(target).append("**: ").append(status).append('\n');
    if (currentStep != null) {
      StepRecord current = steps.get(steps.size() - 1);
      md.append("\n**Step:** ").append(current.name()).append(" (").append(current.state().lowerCase())
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
      md.append("| ").append(s.name()).append(" | ").append(s.state().lowerCase()).append(" |\n");
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
