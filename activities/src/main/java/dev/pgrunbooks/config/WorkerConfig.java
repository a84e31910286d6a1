package dev.pgrunbooks.config;

/**
 * The worker process.
 *
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 turns it off
 * @param workDir where restores download dumps to
 */
public record WorkerConfig(String taskQueue, Integer metricsPort, String workDir) {
  public WorkerConfig {
    taskQueue = taskQueue == null ? ConfigKey.WORKER_TASK_QUEUE.defaultText() : taskQueue;
    metricsPort = metricsPort == null ? ConfigKey.WORKER_METRICS_PORT.defaultInt() : metricsPort;
    workDir = workDir == null ? ConfigKey.WORKER_WORK_DIR.defaultText() : workDir;
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null);
  }
}
