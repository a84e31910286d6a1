package dev.pgrunbooks.restore;

import static dev.pgrunbooks.restore.RestoreHarness.TARGET;
import static dev.pgrunbooks.restore.RestoreHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.pgrunbooks.runbook.TransferProgress;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The health probe against a real local HTTP server that comes up late, or never. */
class HealthProbeTest {
  @TempDir Path dir;
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** Answers 503 {@code failures} times, then 200 with {@code okBody}. */
  private String serve(int failures, String okBody) throws IOException {
    AtomicInteger calls = new AtomicInteger();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/health", exchange -> {
      boolean ok = calls.incrementAndGet() > failures;
      byte[] body = (ok ? okBody : "{\"status\":\"starting\",\"detail\":\"" + "x".repeat(500) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(ok ? 200 : 503, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/health";
  }

  @Test
  void waitsThroughFailuresUntilTheServiceAnswersWithTheExpectedBody() throws Exception {
    String url = serve(3, "{\"status\":\"ok\"}");
    try (RestoreHarness h = new RestoreHarness(dir, "unused", t -> t.health(url, "\"status\":\"ok\""))) {
      HealthReport report = h.activities.healthProbe(TARGET);
      assertThat(report.healthy()).isTrue();
      assertThat(report.attempts()).isEqualTo(4);
      assertThat(report.statusLine()).isEqualTo("HTTP/1.1 200");
      assertThat(report.bodyExcerpt()).isEqualTo("{\"status\":\"ok\"}");
      assertThat(report.url()).isEqualTo(url);
      assertThat(h.heartbeats).extracting(TransferProgress::phase).contains("health probe attempts");
    }
  }

  @Test
  void givesUpWithTheLastAnswerWhenTheServiceNeverBecomesHealthy() throws Exception {
    String url = serve(Integer.MAX_VALUE, "");
    try (RestoreHarness h = new RestoreHarness(dir, "unused", t -> t.health(url, null))) {
      ApplicationFailure failure = failureOf(catchThrowable(() -> h.activities.healthProbe(TARGET)));
      assertThat(failure.getType()).isEqualTo("Unhealthy");
      assertThat(failure.isNonRetryable()).isFalse();
      assertThat(failure.getOriginalMessage()).contains(url).contains("HTTP/1.1 503").contains("starting")
          .doesNotContain("x".repeat(301));
    }
  }

  @Test
  void a2xxWithoutTheExpectedTextIsNotHealthyAndNoUrlMeansNothingToProbe() throws Exception {
    String url = serve(0, "{\"status\":\"degraded\"}");
    try (RestoreHarness h = new RestoreHarness(dir, "unused", t -> t.health(url, "\"status\":\"ok\""))) {
      ApplicationFailure failure = failureOf(catchThrowable(() -> h.activities.healthProbe(TARGET)));
      assertThat(failure.getOriginalMessage()).contains("HTTP/1.1 200").contains("degraded");
    }
    try (RestoreHarness h = new RestoreHarness(dir.resolve("b"), "unused")) {
      assertThat(h.activities.healthProbe(TARGET)).isEqualTo(new HealthReport(null, true, "no healthUrl configured", "", 0));
    }
  }
}
