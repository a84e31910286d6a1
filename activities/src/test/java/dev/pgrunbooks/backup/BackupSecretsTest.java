package dev.pgrunbooks.backup;

import static dev.pgrunbooks.backup.BackupHarness.failureOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.runbook.BackupKeys;
import dev.pgrunbooks.testing.PgFixture;
import dev.pgrunbooks.testing.TestConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The target's password reaches the driver and pg_dump, and nothing an operator or the history sees. */
class BackupSecretsTest {
  /** Trust authentication accepts any password, so a distinctive one can travel the whole way. */
  private static final String PASSWORD = "Zebra-s3cr3t-7f3a9c";
  private static final String PASSWORD_ENV = "PGRB_TEST_ORDERS_PASSWORD";

  @TempDir Path storeDir;
  private final PgFixture pg = new PgFixture();
  private final ObjectMapper json = JsonMapper.builder().addModule(new JavaTimeModule()).build();

  @AfterEach
  void dropDatabases() {
    pg.close();
  }

  @Test
  void passwordAppearsInNoResultAndNoFailure() throws Exception {
    String db = pg.createDatabase();
    pg.loadRichSchema(db);
    Credentials credentials = new Credentials(Map.of(PASSWORD_ENV, PASSWORD));
    String key = BackupKeys.dumpKey("orders", Instant.parse("2026-11-22T02:00:00Z"));
    List<String> seen = new ArrayList<>();

    try (BackupHarness backup = new BackupHarness(config(db), credentials)) {
      PreflightReport preflight = backup.activities.preflight("orders");
      DumpResult dump = backup.activities.dump("orders", key);
      VerificationResult verified = backup.activities.verify(key, dump.sha256(), dump.sizeBytes());
      backup.activities.writeManifest(BackupManifest.of("orders", db, dump, verified, "wf"));
      seen.add(json.writeValueAsString(preflight));
      seen.add(json.writeValueAsString(dump));
      seen.add(json.writeValueAsString(verified));
      seen.add(new String(backup.store.read(BackupKeys.manifestKey(key)), StandardCharsets.UTF_8));
      seen.add(json.writeValueAsString(backup.heartbeats));
    }
    try (BackupHarness backup = new BackupHarness(config("t_no_such_database"), credentials)) {
      seen.add(describe(catchThrowable(() -> backup.activities.preflight("orders"))));
      seen.add(describe(catchThrowable(() -> backup.activities.dump("orders", key))));
    }

    assertThat(seen).hasSize(7).allSatisfy(text -> assertThat(text).doesNotContain(PASSWORD));
    assertThat(seen.get(5)).contains("UnknownDatabase");
  }

  private RunbookConfig config(String database) {
    return TestConfig.localStore(storeDir).target("orders", database, t -> t.passwordEnv(PASSWORD_ENV)).build();
  }

  /** Everything a failure carries: type, message, and the whole stack trace with causes. */
  private static String describe(Throwable thrown) {
    StringWriter trace = new StringWriter();
    thrown.printStackTrace(new PrintWriter(trace));
    return failureOf(thrown).getType() + " " + failureOf(thrown).getOriginalMessage() + "\n" + trace;
  }
}
