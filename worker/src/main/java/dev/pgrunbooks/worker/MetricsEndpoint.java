package dev.pgrunbooks.worker;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.dropwizard.samplebuilder.CustomMappingSampleBuilder;
import io.prometheus.client.dropwizard.samplebuilder.MapperConfig;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * Serves the worker's Dropwizard metrics in Prometheus text format on {@code /metrics}, mapping the
 * trailing name segments to labels ({@code target}, {@code kind}, {@code step}).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  public static MetricsEndpoint start(WorkerMetrics metrics, int port) {
    CollectorRegistry prometheus = new CollectorRegistry();
    List<MapperConfig> mappers = new java.util.ArrayList<>();
    WorkerMetrics.PER_TARGET.forEach(name -> mappers.add(perTarget(name)));
    mappers.add(new MapperConfig(WorkerMetrics.STEP_FAILURES + ".*.*.*", prometheusName(WorkerMetrics.STEP_FAILURES),
        Map.of("kind", "${0}", "target", "${1}", "step", "${2}")));
    new DropwizardExports(metrics.registry(), new CustomMappingSampleBuilder(mappers)).register(prometheus);
    try {
      return new MetricsEndpoint(new HTTPServer.Builder()
          .withInetSocketAddress(new InetSocketAddress(port))
          .withRegistry(prometheus)
          .withDaemonThreads(true)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on port " + port
          + " (" + e.getMessage() + "); set worker.metricsPort to a free port, or 0 to turn metrics off", e);
    }
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }

  private static MapperConfig perTarget(String name) {
    return new MapperConfig(name + ".*", prometheusName(name), Map.of("target", "${0}"));
  }

  private static String prometheusName(String dotted) {
    return dotted.replace('.', '_');
  }
}
