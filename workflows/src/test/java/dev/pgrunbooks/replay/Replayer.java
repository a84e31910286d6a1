package dev.pgrunbooks.replay;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link WorkflowReplayer} on workers whose deadlock detection is patient: the first replay in a JVM
 * loads and JIT-compiles a lot, and on a busy build machine that alone can exceed the default 1 s and be
 * misreported as a deadlock. Nondeterminism is still detected exactly as a real worker would.
 */
final class Replayer implements AutoCloseable {
  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
  private final AtomicInteger workers = new AtomicInteger();

  /** @throws Exception when the history does not replay against these implementations */
  void replay(Path history, Class<?>... workflowImplementations) throws Exception {
    Worker worker = env.newWorker("replay-" + workers.incrementAndGet(), WorkerOptions.newBuilder()
        .setDefaultDeadlockDetectionTimeout(Duration.ofSeconds(30).toMillis())
        .build());
    worker.registerWorkflowImplementationTypes(workflowImplementations);
    WorkflowReplayer.replayWorkflowExecution(read(history), worker);
  }

  private static WorkflowExecutionHistory read(Path history) throws IOException {
    return WorkflowExecutionHistory.fromJson(Files.readString(history));
  }

  @Override
  public void close() {
    env.close();
  }
}
