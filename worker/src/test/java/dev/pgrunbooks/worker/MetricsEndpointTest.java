package dev.pgrunbooks.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What Prometheus scrapes from a worker after a backup succeeded and one failed. */
class MetricsEndpointTest {
  @TempDir Path storeDir;
  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster temporal = TestCluster.inMemory();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void afterBackupsPrometheusSeesSizeDurationFreshnessAndFailuresPerTarget() throws Exception {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    RunbookConfig config = TestConfig.localStore(storeDir)
        .target("orders", db).target("billing", "no_such_db_" + System.nanoTime()).build();
    temporal.runbooks(config);

    try (MetricsEndpoint endpoint = MetricsEndpoint.start(temporal.metrics(), 0)) {
      BackupOutcome outcome = temporal.newWorkflow(BackupWorkflow.class, "backup-orders-metrics")
          .backup(new BackupRequest("orders", "test"));
      catchThrowable(() -> temporal.newWorkflow(BackupWorkflow.class, "backup-billing-metrics")
          .backup(new BackupRequest("billing", "test")));

      String metrics = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();

      assertThat(metrics)
          .containsPattern("(?m)^pgrunbooks_backup_size_bytes\\{target=\"orders\",?} "
              + outcome.sizeBytes() + "\\.0$")
          .containsPattern("(?m)^pgrunbooks_backup_duration_seconds_count\\{target=\"orders\",?} 1\\.0$")
          .containsPattern("(?m)^pgrunbooks_backup_last_success_timestamp_seconds\\{target=\"orders\",?} \\d")
          .containsPattern("(?m)^pgrunbooks_backup_seconds_since_last_verified\\{target=\"orders\",?} \\d")
          .containsPattern("(?m)^pgrunbooks_step_failures_total\\{.*kind=\"backup\".*} 1\\.0$")
          .containsPattern("(?m)^pgrunbooks_step_failures_total\\{.*target=\"billing\".*} 1\\.0$")
          .containsPattern("(?m)^pgrunbooks_step_failures_total\\{.*step=\"Preflight\".*} 1\\.0$");
    }
  }
}
