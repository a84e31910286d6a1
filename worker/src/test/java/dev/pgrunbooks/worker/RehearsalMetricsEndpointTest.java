package dev.pgrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.pgrunbooks.rehearsal.RehearsalMeasured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The rehearsal metrics under the Prometheus names docs/alerts.md uses. */
class RehearsalMetricsEndpointTest {

  @Test
  void rehearsalFreshnessRtoRpoAndObjectivesAreExposedPerTarget() throws Exception {
    Instant now = Instant.parse("2026-12-01T04:00:00Z");
    WorkerMetrics metrics = new WorkerMetrics(new MetricRegistry(), Clock.fixed(now, ZoneOffset.UTC));
    metrics.targetConfigured("orders");
    metrics.targetConfigured("billing");
    metrics.rehearsalFinished(new RehearsalMeasured("orders", true, now.minus(Duration.ofHours(1)), 90_000L, 75_000L,
        Duration.ofHours(25).toMillis(), Duration.ofHours(1).toMillis(), Duration.ofHours(24).toMillis()));
    metrics.rehearsalFinished(new RehearsalMeasured("billing", false, now, 5_000L, null, null, null, null));

    try (MetricsEndpoint endpoint = MetricsEndpoint.start(metrics, 0)) {
      String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

      assertThat(text)
          .contains("pgrunbooks_target_info{target=\"orders\",} 1.0")
          .contains("pgrunbooks_target_info{target=\"billing\",} 1.0")
          .contains("pgrunbooks_rehearsal_seconds_since_last_passed{target=\"orders\",} 3600.0")
          .contains("pgrunbooks_rehearsal_rto_seconds{target=\"orders\",} 75.0")
          .contains("pgrunbooks_rehearsal_rpo_seconds{target=\"orders\",} 90000.0")
          .contains("pgrunbooks_objective_rto_seconds{target=\"orders\",} 3600.0")
          .contains("pgrunbooks_objective_rpo_seconds{target=\"orders\",} 86400.0")
          .contains("pgrunbooks_rehearsal_last_passed{target=\"orders\",} 1.0")
          .contains("pgrunbooks_rehearsal_last_passed{target=\"billing\",} 0.0")
          .contains("pgrunbooks_rehearsal_duration_seconds_count{target=\"orders\",} 1.0")
          .doesNotContain("pgrunbooks_rehearsal_seconds_since_last_passed{target=\"billing\"");
    }
  }
}
