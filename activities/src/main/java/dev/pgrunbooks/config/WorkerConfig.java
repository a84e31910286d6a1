package dev.pgrunbooks.config;

/**
 * The worker process.
 *
 * @param metricsPort port of the Prometheus {@code /metrics} endpoint; 0 turns it off
 * @param workDir where restores download dumps to
 */
public record WorkerConfig(String taskQueue, Integer metricsPort, String workDir) {
  public WorkerConfig {
    taskQueue = taskQueue == null ? "pg-runbooks" : taskQueue;
    metricsPort = metricsPort == null ? 9464 : metricsPort;
    workDir = workDir == null ? "./var/work" : workDir;
  }

  public static WorkerConfig defaults() {
    return new WorkerConfig(null, null, null);
  }
}
