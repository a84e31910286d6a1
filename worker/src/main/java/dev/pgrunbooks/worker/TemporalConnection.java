package dev.pgrunbooks.worker;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;

/**
 * The connection to the Temporal frontend: address and namespace from {@code --address} /
 * {@code --namespace}, else the standard {@code TEMPORAL_ADDRESS} / {@code TEMPORAL_NAMESPACE}.
 */
public final class TemporalConnection implements AutoCloseable {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TemporalConnection.class);

  public static final String DEFAULT_ADDRESS = "127.0.0.1:7233";
  public static final String DEFAULT_NAMESPACE = "default";

  private final String address;
  private final String namespace;
  private final WorkflowServiceStubs stubs;
  private final WorkflowClient client;

  private TemporalConnection(String address, String namespace, WorkflowServiceStubs stubs) {
    this.address = address;
    this.namespace = namespace;
    this.stubs = stubs;
    this.client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
  }

  /**
   * Connects and checks the server answers.
   *
   * @throws TemporalUnavailableException saying which address did not answer and what to do
   */
  public static TemporalConnection open(String address, String namespace) {
    String a = address != null ? address : envOr("TEMPORAL_ADDRESS", DEFAULT_ADDRESS);
    String ns = namespace != null ? namespace : envOr("TEMPORAL_NAMESPACE", DEFAULT_NAMESPACE);
    try {
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newConnectedServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(a).build(), Duration.ofSeconds(10));
      return new TemporalConnection(a, ns, stubs);
    } catch (RuntimeException e) {
      throw new TemporalUnavailableException("cannot reach Temporal at " + a + " (" + rootMessage(e)
          + "); start one with 'runbook dev-server' or point TEMPORAL_ADDRESS / --address at your cluster");
    }
  }

  /**
   * Connects, waiting for the server for up to {@code patience}: a worker started beside its server (a
   * compose stack, a reboot, a loaded machine) waits for it instead of exiting. Commands use
   * {@link #open}, which answers at once.
   *
   * @throws TemporalUnavailableException when the server did not answer within {@code patience}
   */
  public static TemporalConnection awaitOpen(String address, String namespace, Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    Duration pause = Duration.ofMillis(500);
    while (true) {
      try {
        return open(address, namespace);
      } catch (TemporalUnavailableException unavailable) {
        if (System.nanoTime() + pause.toNanos() > deadline) {
          throw unavailable;
        }
        log.warn("{}; trying again in {} ms", unavailable.getMessage(), pause.toMillis());
        Thread.sleep(pause.toMillis());
        pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pause.multipliedBy(2);
      }
    }
  }

  public String address() {
    return address;
  }

  public String namespace() {
    return namespace;
  }

  public WorkflowServiceStubs stubs() {
    return stubs;
  }

  public WorkflowClient client() {
    return client;
  }

  @Override
  public void close() {
    stubs.shutdown();
    stubs.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
  }

  /** Temporal did not answer at the configured address. */
  public static final class TemporalUnavailableException extends RuntimeException {
    public TemporalUnavailableException(String message) {
      super(message);
    }
  }
}
