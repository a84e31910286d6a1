package dev.pgrunbooks.backup;

import static dev.pgrunbooks.backup.BackupHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.postgres.PgTools;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an SRE sees when a backup cannot work: one clear, correctly classified failure, nothing half-stored. */
class BackupFailureTest {
  private static final String KEY = BackupKeys.dumpKey("orders", Instant.parse("2026-11-22T02:00:00Z"));

  @TempDir Path storeDir;
  @TempDir Path binDir;
  @TempDir Path noTools;
  private final PgFixture pg = new PgFixture();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void unknownDatabaseIsNotRetried() {
    ApplicationFailure failure = preflightFails(TestConfig.localStore(storeDir).target("orders", "t_no_such_database").build());

    assertThat(failure.getType()).isEqualTo("UnknownDatabase");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("t_no_such_database does not exist on "
        + PgFixture.HOST + ":" + PgFixture.PORT).contains("targets.orders.database");
  }

  @Test
  void roleThatCannotLogInIsAnAuthenticationFailure() {
    String db = pg.createDatabase();
    String role = pg.createRole(false);
    RunbookConfig config = TestConfig.localStore(storeDir).target("orders", db, t -> t.user(role)).build();

    ApplicationFailure failure = preflightFails(config);

    assertThat(failure.getType()).isEqualTo("AuthenticationFailed");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains(role).contains("not permitted to log in")
        .contains("targets.orders.user");
  }

  @Test
  void nothingListeningIsRetriedAndNamesHostAndPort() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    RunbookConfig config = TestConfig.localStore(storeDir)
        .target("orders", "orders", t -> t.at("127.0.0.1", port).user("postgres")).build();

    ApplicationFailure failure = preflightFails(config);

    assertThat(failure.getType()).isEqualTo("DatabaseUnreachable");
    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getOriginalMessage()).contains("127.0.0.1:" + port);
  }

  @Test
  void unsetPasswordVariableIsAConfigurationError() {
    String db = pg.createDatabase();
    RunbookConfig config = TestConfig.localStore(storeDir)
        .target("orders", db, t -> t.passwordEnv("PGRB_TEST_UNSET_PASSWORD")).build();

    ApplicationFailure failure = preflightFails(config);

    assertThat(failure.getType()).isEqualTo("ConfigurationError");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("PGRB_TEST_UNSET_PASSWORD");
  }

  @Test
  void unknownTargetIsNotRetried() {
    ApplicationFailure failure;
    try (BackupHarness backup = new BackupHarness(TestConfig.localStore(storeDir).target("orders", "x").build())) {
      failure = failureOf(catchThrowable(() -> backup.activities.dump("nope", KEY)));
    }
    assertThat(failure.getType()).isEqualTo("UnknownTarget");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).contains("nope").contains("orders");
  }

  @Test
  void missingPgDumpSaysWhatToInstall() {
    String db = pg.createDatabase();
    RunbookConfig config = TestConfig.localStore(storeDir).binDir(binDir).toolsSearchRoot(noTools)
        .target("orders", db).build();

    ApplicationFailure failure = preflightFails(config);

    assertThat(failure.getType()).isEqualTo("ToolMissing");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage()).startsWith("pg_dump not found for server ")
        .contains("looked in tools.binDir " + binDir).contains(noTools.toString());
  }

  @Test
  void pgDumpOlderThanTheServerIsRefusedBeforeDumping() throws IOException {
    String db = pg.createDatabase();
    script("pg_dump", "echo 'pg_dump (PostgreSQL) 9.6.0'");
    RunbookConfig config = TestConfig.localStore(storeDir).binDir(binDir).toolsSearchRoot(noTools)
        .target("orders", db).build();
    long serverMajor = pg.queryLong("postgres", "SELECT current_setting('server_version_num')::int / 10000");

    ApplicationFailure failure = preflightFails(config);
    ApplicationFailure dumpFailure;
    try (BackupHarness backup = new BackupHarness(config, onlyBinDir(config))) {
      dumpFailure = failureOf(catchThrowable(() -> backup.activities.dump("orders", KEY)));
      assertThat(backup.store.list("")).isEmpty();
    }

    assertThat(failure.getType()).isEqualTo("ClientTooOld");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(failure.getOriginalMessage())
        .startsWith("server " + serverMajor + ".")
        .contains("is PostgreSQL " + serverMajor + " and needs pg_dump " + serverMajor + ", found pg_dump 9.6.0 ("
            + binDir.resolve("pg_dump") + ")")
        .contains("install the PostgreSQL " + serverMajor + " client tools");
    assertThat(dumpFailure.getType()).isEqualTo("ClientTooOld");
  }

  @Test
  void pgDumpFailingHalfwayLeavesNothingAndReportsItsError() throws IOException {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    Path realPgDump = new PgTools(dev.pgrunbooks.config.ToolsConfig.defaults(), System.getenv("PATH")).locate("pg_dump");
    script("pg_dump", """
        if [ "$1" = "--version" ]; then exec '%1$s' --version; fi
        '%1$s' "$@" | head -c 8192
        echo 'pg_dump: error: Dumping the contents of table "Bestellungen" failed: simulated disk error' >&2
        exit 1""".formatted(realPgDump));
    RunbookConfig config = TestConfig.localStore(storeDir).binDir(binDir).target("orders", db).build();

    ApplicationFailure failure;
    try (BackupHarness backup = new BackupHarness(config)) {
      failure = failureOf(catchThrowable(() -> backup.activities.dump("orders", KEY)));
      assertThat(backup.store.stat(KEY)).isEmpty();
      assertThat(backup.store.list("")).isEmpty();
    }

    assertThat(failure.getType()).isEqualTo("DumpFailed");
    assertThat(failure.getOriginalMessage())
        .contains("pg_dump: error: Dumping the contents of table \"Bestellungen\" failed: simulated disk error")
        .contains("exit status 1");
    try (var files = Files.walk(storeDir)) {
      assertThat(files.filter(Files::isRegularFile)).as("no partial upload left behind").isEmpty();
    }
  }

  @Test
  void corruptedStoredDumpFailsVerificationWithBothChecksums() throws Exception {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    try (BackupHarness backup = new BackupHarness(TestConfig.localStore(storeDir).target("orders", db).build())) {
      DumpResult dump = backup.activities.dump("orders", KEY);
      try (RandomAccessFile file = new RandomAccessFile(storeDir.resolve(KEY).toFile(), "rw")) {
        file.seek(dump.sizeBytes() / 2);
        int b = file.read();
        file.seek(dump.sizeBytes() / 2);
        file.write(b ^ 0xff);
      }

      ApplicationFailure failure = failureOf(catchThrowable(
          () -> backup.activities.verify(KEY, dump.sha256(), dump.sizeBytes())));

      assertThat(failure.getType()).isEqualTo("ChecksumMismatch");
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).contains(KEY).contains("expected sha256 " + dump.sha256())
          .contains("actual sha256 ").doesNotContain("actual sha256 " + dump.sha256());
    }
  }

  @Test
  void storedObjectThatIsNotAnArchiveIsUnreadable() throws Exception {
    byte[] garbage = "this is not a pg_dump archive\n".repeat(100).getBytes(StandardCharsets.UTF_8);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(garbage));
    try (BackupHarness backup = new BackupHarness(TestConfig.localStore(storeDir).target("orders", "x").build())) {
      backup.store.put(KEY, garbage);

      ApplicationFailure failure = failureOf(catchThrowable(
          () -> backup.activities.verify(KEY, sha, garbage.length)));

      assertThat(failure.getType()).isEqualTo("UnreadableDump");
      assertThat(failure.isNonRetryable()).isTrue();
      assertThat(failure.getOriginalMessage()).contains("pg_restore").contains("input file does not appear to be a valid archive");
    }
  }

  @Test
  void verifyingAMissingDumpIsNotRetried() {
    try (BackupHarness backup = new BackupHarness(TestConfig.localStore(storeDir).target("orders", "x").build())) {
      ApplicationFailure failure = failureOf(catchThrowable(() -> backup.activities.verify(KEY, "00", 1)));
      assertThat(failure.getType()).isEqualTo("DumpMissing");
      assertThat(failure.isNonRetryable()).isTrue();
    }
  }

  /** The configured tools, with a PATH that holds only tools.binDir: no client tools of the server anywhere. */
  private PgTools onlyBinDir(RunbookConfig config) {
    return new PgTools(config.tools(), binDir.toString());
  }

  private ApplicationFailure preflightFails(RunbookConfig config) {
    try (BackupHarness backup = config.tools().searchRoot().equals(noTools.toString())
        ? new BackupHarness(config, onlyBinDir(config))
        : new BackupHarness(config, new Credentials(Map.of()))) {
      return failureOf(catchThrowable(() -> backup.activities.preflight("orders")));
    }
  }

  private void script(String name, String body) throws IOException {
    Path file = binDir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
