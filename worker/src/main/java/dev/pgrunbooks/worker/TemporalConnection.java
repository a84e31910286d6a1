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
