package dev.pgrunbooks.worker;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.config.ConfigLoader;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code runbook worker}: connects, registers the search attributes, serves {@code /metrics}, polls
 * until SIGTERM, then stops taking work and gives running steps time to finish. A step cut off by a
 * hard kill is retried by Temporal on another worker; every step is safe to run twice.
 */
public final class WorkerProcess {
  private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);

  /** How long a starting worker waits for its Temporal server before it gives up. */
  private static final Duration CONNECT_PATIENCE = Duration.ofMinutes(2);

  private WorkerProcess() {}

  /** Runs until the process is told to stop. */
  public static void run(RunbookConfig config, String address, String namespace) throws InterruptedException {
    try (TemporalConnection temporal = TemporalConnection.awaitOpen(address, namespace, CONNECT_PATIENCE)) {
      SearchAttributeRegistrar.ensureRegistered(temporal.stubs(), temporal.namespace());
      WorkerMetrics metrics = new WorkerMetrics(new MetricRegistry(), Clock.systemUTC());
      MetricsEndpoint endpoint = config.worker().metricsPort() > 0
          ? MetricsEndpoint.start(metrics, config.worker().metricsPort()) : null;
      RunbookWorker worker = RunbookWorker.start(config, temporal.client(), Credentials.fromEnvironment(), metrics);
      log.info("worker polling task queue {} on {} (namespace {}); targets {}; store {}; metrics {}",
          config.worker().taskQueue(), temporal.address(), temporal.namespace(),
          config.targets().keySet(), config.storage().type(),
          endpoint == null ? "off" : "http://0.0.0.0:" + endpoint.port() + "/metrics");

      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        log.info("stopping: no new steps are taken; running steps get 30 s to finish");
        worker.shutdown(30);
        if (endpoint != null) {
          endpoint.close();
        }
        stopped.countDown();
      }, "worker-shutdown"));
      stopped.await();
    }
  }

  /** {@code WorkerProcess --config FILE [--address HOST:PORT] [--namespace NS]}; used by crash tests. */
  public static void main(String[] args) throws InterruptedException {
    String config = "runbooks.yaml";
    String address = null;
    String namespace = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--config" -> config = args[++i];
        case "--address" -> address = args[++i];
        case "--namespace" -> namespace = args[++i];
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    run(ConfigLoader.load(Path.of(config)), address, namespace);
  }
}
