package dev.pgrunbooks.restore;

import dev.pgrunbooks.backup.ProgressHeartbeat;
import dev.pgrunbooks.postgres.ChildProcess;
import dev.pgrunbooks.postgres.ClientEnvironment;
import dev.pgrunbooks.postgres.OutputTail;
import dev.pgrunbooks.postgres.PgTarget;
import dev.pgrunbooks.runbook.FailureType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the target's {@code migrateCommand} as given (no shell: no word splitting, no globbing, no
 * injection) with the restored database's connection in the standard libpq variables and in
 * {@code DATABASE_URL}. The password travels only in a passfile named by {@code PGPASSFILE} (read by
 * libpq and most drivers), never in the environment, the URL or the command line; the program sees
 * only the allow-listed part of the worker's environment.
 */
final class MigrationRunner {
  private static final int TAIL_BYTES = 4096;

  private MigrationRunner() {}

  static String run(PgTarget target, String database) {
    List<String> command = target.config().migrateCommand();
    if (command.isEmpty()) {
      return "no migrateCommand configured";
    }
    ClientEnvironment env = target.environment(database).with("DATABASE_URL", databaseUrl(target, database));
    String shown = String.join(" ", command);
    OutputTail stdout = new OutputTail(TAIL_BYTES);
    try (ChildProcess migration = ChildProcess.start(Path.of(command.get(0)), command.subList(1, command.size()), env);
        ProgressHeartbeat heartbeat = ProgressHeartbeat.start("migration output")) {
      heartbeat.onCancel(migration::destroy);
      migration.stdin().close();
      Thread pump = new Thread(() -> pump(migration.stdout(), stdout, heartbeat), "migrate-stdout");
      pump.setDaemon(true);
      pump.start();
      int exit = migration.waitFor();
      pump.join(TimeUnit.SECONDS.toMillis(10));
      heartbeat.throwIfCancelled();
      String output = combine(stdout.text(), migration.stderr());
      if (exit != 0) {
        throw FailureType.MIGRATION_FAILED.failure("migrateCommand '" + shown + "' on database " + database
            + " failed (exit status " + exit + "): " + (output.isEmpty() ? "(no output)" : output)
            + "; fix the migration, then decide retry (or abort)");
      }
      return output;
    } catch (IOException e) {
      throw FailureType.MIGRATION_FAILED.failure("cannot run migrateCommand '" + shown + "' (" + e.getMessage()
          + "); check the program is installed on the worker's PATH or give its absolute path");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while running migrateCommand");
    }
  }

  /** {@code postgresql://user@host:port/db}, each part percent-encoded; no password. */
  static String databaseUrl(PgTarget target, String database) {
    String host = target.host().contains(":") && !target.host().startsWith("[") ? "[" + target.host() + "]" : target.host();
    return "postgresql://" + encode(target.user()) + "@" + host + ":" + target.port() + "/" + encode(database);
  }

  private static String encode(String part) {
    return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static void pump(InputStream in, OutputTail tail, ProgressHeartbeat heartbeat) {
    byte[] buffer = new byte[4096];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        tail.append(buffer, 0, n);
        heartbeat.add(n);
      }
    } catch (IOException | RuntimeException e) {
      // The program ended or was killed: what was read is what there is.
    }
  }

  private static String combine(String out, String err) {
    if (out.isEmpty()) {
      return err;
    }
    return err.isEmpty() ? out : out + "\n" + err;
  }
}
