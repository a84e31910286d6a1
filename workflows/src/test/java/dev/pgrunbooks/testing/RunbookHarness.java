package dev.pgrunbooks.testing;

import dev.pgrunbooks.backup.BackupWorkflowImpl;
import dev.pgrunbooks.rehearsal.RehearsalWorkflowImpl;
import dev.pgrunbooks.restore.Approval;
import dev.pgrunbooks.restore.Decision;
import dev.pgrunbooks.runbook.Labelled;
import dev.pgrunbooks.restore.DisasterRecoveryWorkflowImpl;
import dev.pgrunbooks.restore.RollbackWorkflowImpl;
import dev.pgrunbooks.runbook.RunbookProgress;
import dev.pgrunbooks.runbook.RunbookSearchAttributes;
import dev.pgrunbooks.runbook.RunbookStatus;
import dev.pgrunbooks.runbook.TaskQueues;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The four runbooks on Temporal's in-process test server, with the fake activities on the task queue
 * the worker polls. Time skipping is on: approval timeouts and retry backoff take no real time while a
 * test waits for a result. When a test fails, the histories of the workflows it started (and their
 * children) are printed, so the failure can be read step by step.
 *
 * <pre>{@code @RegisterExtension final RunbookHarness harness = new RunbookHarness();}</pre>
 */
public final class RunbookHarness implements BeforeEachCallback, AfterEachCallback {

  /** Everything the worker registers, as {@code runbook worker} does. */
  public static final List<Class<?>> WORKFLOW_IMPLEMENTATIONS = List.of(BackupWorkflowImpl.class,
      DisasterRecoveryWorkflowImpl.class, RehearsalWorkflowImpl.class, RollbackWorkflowImpl.class);

  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final FakeWorld world = new FakeWorld();
  private final Set<String> startedWorkflowIds = new LinkedHashSet<>();
  private TestWorkflowEnvironment env;

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      if (context.getExecutionException().isPresent()) {
        printHistories(context.getDisplayName());
      } else {
        JournalNames.assertFromStepEnums(client(), workflowIds());
      }
    } finally {
      close();
    }
  }

  /** For use outside JUnit's lifecycle (the history recorder). */
  public void start() {
    env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(true).build());
    for (var attribute : RunbookSearchAttributes.ALL) {
      env.registerSearchAttribute(attribute.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    // Heartbeats are normally throttled to most of the heartbeat timeout (16 s and more): a fake that
    // blocks until cancelled must hear of its cancellation within milliseconds instead.
    Worker worker = env.newWorker(TaskQueues.DEFAULT, WorkerOptions.newBuilder()
        .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
        .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(50))
        // A busy build machine must not turn a slow first workflow task into a "deadlock".
        .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(30).toMillis())
        .build());
    worker.registerWorkflowImplementationTypes(WORKFLOW_IMPLEMENTATIONS.toArray(Class<?>[]::new));
    worker.registerActivitiesImplementations(world.activities().toArray());
    env.start();
  }

  public void close() {
    if (env != null) {
      env.close();
      env = null;
    }
  }

  public FakeWorld world() {
    return world;
  }

  public WorkflowClient client() {
    return env.getWorkflowClient();
  }

  /** A typed stub for a new workflow on the runbooks' task queue; start it with {@link WorkflowClient#start}. */
  public <T> T newWorkflow(Class<T> type, String workflowId) {
    startedWorkflowIds.add(workflowId);
    return client().newWorkflowStub(type, WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.DEFAULT)
        .setWorkflowId(workflowId)
        .setWorkflowExecutionTimeout(Duration.ofDays(7))
        .build());
  }

  /** The workflow's result; test time runs freely while waiting. */
  public <R> R result(Object typedStub, Class<R> type) {
    try {
      return WorkflowStub.fromTyped(typedStub).getResult(PATIENCE.toSeconds(), TimeUnit.SECONDS, type);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("no result within " + PATIENCE, e);
    }
  }

  /** The failure the workflow ended with; fails the test when it succeeded. */
  public WorkflowFailedException failure(Object typedStub) {
    try {
      Object result = result(typedStub, Object.class);
      throw new AssertionError("expected the workflow to fail, it returned " + result);
    } catch (WorkflowFailedException failed) {
      return failed;
    }
  }

  public WorkflowExecutionStatus status(Object typedStub) {
    return WorkflowStub.fromTyped(typedStub).describe().getStatus();
  }

  /** Waits until the runbook's progress matches, letting test time pass in small steps meanwhile. */
  public RunbookProgress awaitProgress(Object typedStub, Predicate<RunbookProgress> condition) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (true) {
      RunbookProgress progress = WorkflowStub.fromTyped(typedStub).query("progress", RunbookProgress.class);
      if (condition.test(progress)) {
        return progress;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("runbook never got there; progress: " + progress);
      }
      env.sleep(Duration.ofMillis(500));
    }
  }

  public RunbookProgress awaitApprovalGate(Object typedStub) {
    return awaitProgress(typedStub, p -> RunbookStatus.AWAITING_APPROVAL.equals(p.status()));
  }

  public RunbookProgress awaitDecisionOn(Object typedStub, String step) {
    return awaitProgress(typedStub, p -> RunbookStatus.NEEDS_OPERATOR.equals(p.status())
        && p.waitingFor() != null && p.waitingFor().contains(step));
  }

  /** {@code runbook approve ID --database DB --by WHO}: the same Update the command line sends. */
  public String approve(Object typedStub, String database, String by) {
    return WorkflowStub.fromTyped(typedStub).update("approve", String.class, new Approval(database, by));
  }

  /** {@code runbook decide ID retry|skip|abort --by WHO}. */
  public String decide(Object typedStub, String choice, String by) {
    return WorkflowStub.fromTyped(typedStub).update("decide", String.class, new Decision(Labelled.fromLabel(Decision.Choice.class, choice), by));
  }

  public String historyJson(String workflowId) {
    return client().fetchHistory(workflowId).toJson(true);
  }

  /** Every workflow the test started, and the children they started. */
  public List<String> workflowIds() {
    List<String> all = new ArrayList<>(startedWorkflowIds);
    for (String id : startedWorkflowIds) {
      for (HistoryEvent event : client().fetchHistory(id).getEvents()) {
        if (event.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
          all.add(event.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId());
        }
      }
    }
    return all;
  }

  private void printHistories(String test) {
    try {
      for (String id : workflowIds()) {
        System.err.println("==== history of " + id + " (test " + test + ")\n" + historyJson(id));
      }
    } catch (RuntimeException e) {
      System.err.println("could not print the histories: " + e);
    }
  }
}
