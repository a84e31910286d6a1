package dev.pgrunbooks.config;

/**
 * The worker process.
 *
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 turns it off
 * @param workDir where restores download dumps to
 * @param liveCountTableBudget how long SnapshotLiveCounts waits for one table's lock and count, as a
 *     duration like {@code 30s}: a live database in an incident (a stuck session holding a lock, a huge
 *     table) must not hold up its recovery
 */
public record WorkerConfig(String taskQueue, Integer metricsPort, String workDir, String liveCountTableBudget) {
  public WorkerConfig {
    taskQueue = taskQueue == null ? ConfigKey.WORKER_TASK_QUEUE.defaultText() : taskQueue;
    metricsPort = metricsPort == null ? ConfigKey.WORKER_METRICS_PORT.defaultInt() : metricsPort;
    workDir = workDir == null ? ConfigKey.WORKER_WORK_DIR.defaultText() : workDir;
    liveCountTableBudget = liveCountTableBudget == null ? ConfigKey.WORKER_LIVE_COUNT_TABLE_BUDGET.defaultText()
        : liveCountTableBudget;
  }

  public WorkerConfig(String taskQueue, Integer metricsPort, String workDir) {
    this(taskQueue, metricsPort, workDir, null);
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null, null);
  }

  public java.time.Duration liveCountBudget() {
    return Durations.parse(liveCountTableBudget, ConfigKey.WORKER_LIVE_COUNT_TABLE_BUDGET.path());
  }
}
