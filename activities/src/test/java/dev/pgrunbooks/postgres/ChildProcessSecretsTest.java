package dev.pgrunbooks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgrunbooks.config.Credentials;
import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.testing.TestConfig;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child process (pg_dump, pg_restore, migrateCommand) sees only the allow-listed environment and its
 * own target's connection; the password reaches libpq through a 0600 passfile that is gone afterwards,
 * never through PGPASSWORD.
 */
class ChildProcessSecretsTest {
  private static final String PASSWORD = "Zebra:s3cr3t\\7f3a9c";
  private static final String PASSWORD_ENV = "PGRB_TEST_SECRETS_PASSWORD";

  @TempDir Path workDir;

  @Test
  void childSeesOnlyAllowListedVariablesAndNoPassword() throws Exception {
    PgTarget target = target(5432);
    String env;
    try (ChildProcess child = ChildProcess.start(Path.of("/usr/bin/env"), List.of(), target.environment("orders"))) {
      env = new String(child.stdout().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor()).isZero();
    }
    List<String> names = new ArrayList<>();
    env.lines().forEach(line -> names.add(line.substring(0, line.indexOf('='))));
    assertThat(env).doesNotContain(PASSWORD).doesNotContain("PGPASSWORD");
    assertThat(names).contains("PATH", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGPASSFILE")
        .allSatisfy(name -> assertThat(ChildEnvironmentPolicy.inherits(name)
            // PWD: the supervisor shell exports its working directory.
            || List.of("PGHOST", "PGPORT", "PGUSER", "PGDATABASE", "PGAPPNAME", "PGPASSFILE", "PWD").contains(name))
            .as("%s is allow-listed or the target's own", name).isTrue());
  }

  @Test
  void workerSecretsStayBehind() {
    Map<String, String> worker = Map.of("PATH", "/usr/bin", "LC_ALL", "C.UTF-8", "AWS_SECRET_ACCESS_KEY", "x",
        "PGRB_ORDERS_PASSWORD", "y", "PGPASSWORD", "z", "PGHOST", "elsewhere", "PGRB_WEBHOOK_URL", "https://h/t");
    assertThat(ChildEnvironmentPolicy.childEnvironment(worker, Map.of("PGHOST", "db")))
        .containsOnlyKeys("PATH", "LC_ALL", "PGHOST").containsEntry("PGHOST", "db");
  }

  @Test
  void passFileIsPrivateWhileTheProgramRunsAndGoneAfter() throws Exception {
    PgTarget target = target(5432);
    String seen;
    try (ChildProcess child = ChildProcess.start(Path.of("/bin/sh"),
        List.of("-c", "stat -c %a \"$PGPASSFILE\"; echo \"$PGPASSFILE\"; cat \"$PGPASSFILE\""),
        target.environment("orders"))) {
      seen = new String(child.stdout().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(child.waitFor()).isZero();
    }
    List<String> lines = seen.lines().toList();
    assertThat(lines.get(0)).isEqualTo("600");
    assertThat(Path.of(lines.get(1))).startsWithRaw(workDir);
    assertThat(lines.get(2)).isEqualTo("127.0.0.1:5432:*:postgres:Zebra\\:s3cr3t\\\\7f3a9c");
    assertThat(Path.of(lines.get(1))).doesNotExist();
    try (var left = Files.list(Path.of(lines.get(1)).getParent())) {
      assertThat(left).isEmpty();
    }
  }

  /** A server that asks for a cleartext password proves libpq (here psql) really reads the passfile. */
  @Test
  void libpqSendsThePasswordFromThePassFile() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      CompletableFuture<String> password = CompletableFuture.supplyAsync(() -> capturePassword(server));
      PgTarget target = target(server.getLocalPort());
      Path psql = new PgTools(TestConfig.defaultStore().build().tools(), System.getenv("PATH")).locate("psql");
      try (ChildProcess child = ChildProcess.start(psql, List.of("-w", "-c", "select 1"),
          target.environment("orders").with("PGSSLMODE", "disable").with("PGGSSENCMODE", "disable"))) {
        child.waitFor();
      }
      assertThat(password.get(20, TimeUnit.SECONDS)).isEqualTo(PASSWORD);
    }
  }

  private PgTarget target(int port) {
    RunbookConfig config = TestConfig.defaultStore().worker("q", workDir)
        .target("orders", "orders", t -> t.at("127.0.0.1", port).passwordEnv(PASSWORD_ENV)).build();
    return PgTarget.resolve(config, "orders", new Credentials(Map.of(PASSWORD_ENV, PASSWORD)));
  }

  /** Reads a startup message, answers AuthenticationCleartextPassword, returns the password sent. */
  private static String capturePassword(ServerSocket server) {
    try (Socket s = server.accept()) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      in.readFully(new byte[in.readInt() - 4]);
      out.writeByte('R');
      out.writeInt(8);
      out.writeInt(3);
      out.flush();
      if (in.readByte() != 'p') {
        return "(no password message)";
      }
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      ByteArrayOutputStream error = new ByteArrayOutputStream();
      DataOutputStream e = new DataOutputStream(error);
      e.write("SFATAL\0C28P01\0Mtest server\0\0".getBytes(StandardCharsets.UTF_8));
      out.writeByte('E');
      out.writeInt(error.size() + 4);
      out.write(error.toByteArray());
      out.flush();
      return new String(body, 0, body.length - 1, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }
}
