package dev.pgrunbooks.worker;

import dev.pgrunbooks.runbook.BackupKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.pgrunbooks.backup.BackupOutcome;
import dev.pgrunbooks.backup.BackupRequest;
import dev.pgrunbooks.backup.BackupWorkflow;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestCluster;
import dev.pgrunbooks.testing.TestConfig;
import dev.pgrunbooks.testing.S3MockServer;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.ApplicationFailure;
import java.io.InputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The backup runbook against an S3-compatible store (S3Mock in a child JVM). */
class BackupToS3Test {
  @RegisterExtension static final S3MockServer S3 = new S3MockServer();

  private final PgFixture pg = new PgFixture();
  @RegisterExtension final TestCluster temporal = TestCluster.inMemory();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void backupStreamsIntoTheBucketUnderThePrefixEncryptedAndRestoresToTheSource() throws Exception {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    S3.createBucket("pg-backups");
    RunbookConfig config = TestConfig.store(S3.storageConfig("pg-backups", "postgres/"))
        .target("orders", db).build();

    temporal.runbooks(config);
    BackupOutcome outcome = temporal.newWorkflow(BackupWorkflow.class, "backup-orders-s3")
        .backup(new BackupRequest("orders", "test"));

    assertThat(S3.client().listObjectsV2(r -> r.bucket("pg-backups")).contents())
        .extracting(S3Object::key)
        .containsExactlyInAnyOrder("postgres/" + outcome.key(), "postgres/" + outcome.manifestKey(),
            "postgres/" + BackupKeys.countsKey(outcome.key()), "postgres/" + BackupKeys.censusKey(outcome.key()),
            "postgres/" + BackupKeys.claimKey(outcome.key()));
    HeadObjectResponse head = S3.client().headObject(r -> r.bucket("pg-backups").key("postgres/" + outcome.key()));
    assertThat(head.contentLength()).isEqualTo(outcome.sizeBytes());
    String restored;
    try (InputStream dump = temporal.store().open(outcome.key())) {
      restored = pg.restore(dump);
    }
    assertThat(pg.contentHashes(restored)).isEqualTo(pg.contentHashes(db));
  }

  @Test
  void aMissingBucketFailsPreflightNamingTheBucketAndTheFix() {
    String db = pg.createDatabase();
    RunbookConfig config = TestConfig.store(S3.storageConfig("no-such-bucket", "postgres/"))
        .target("orders", db).build();

    temporal.runbooks(config);
    BackupWorkflow backup = temporal.newWorkflow(BackupWorkflow.class, "backup-orders-no-bucket");
    WorkflowFailedException failed = catchThrowableOfType(
        () -> backup.backup(new BackupRequest("orders", "test")), WorkflowFailedException.class);

    assertThat(((ApplicationFailure) failed.getCause()).getOriginalMessage())
        .startsWith("backup of orders failed at Preflight: ")
        .contains("bucket no-such-bucket does not exist at " + S3.endpoint())
        .contains("create it or fix storage.bucket");
  }
}
