package dev.pgrunbooks.postgres;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.ToolsConfig;
import dev.pgrunbooks.runbook.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds pg_dump, pg_restore and psql ({@code tools.binDir}, else PATH), reads their versions and
 * checks they can work with the server: pg_dump refuses servers newer than itself, so say so before
 * a dump starts, with what to install.
 */
public final class PgTools {
  public static final String PG_DUMP = "pg_dump";
  public static final String PG_RESTORE = "pg_restore";
  public static final String PSQL = "psql";

  private final Path binDir;
  private final String searchPath;

  public PgTools(ToolsConfig tools, String searchPath) {
    this.binDir = tools.binDir() == null || tools.binDir().isBlank() ? null : Path.of(tools.binDir());
    this.searchPath = searchPath == null ? "" : searchPath;
  }

  /** Tools as configured, searching the worker's PATH when no {@code tools.binDir} is set. */
  public static PgTools of(RunbookConfig config) {
    return new PgTools(config.tools(), System.getenv("PATH"));
  }

  /**
   * @throws ApplicationFailure non-retryable "ToolMissing" saying what to install or set
   */
  public Path locate(String program) {
    if (binDir != null) {
      Path candidate = binDir.resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
      throw FailureType.TOOL_MISSING.failure(
          program + " not found in tools.binDir " + binDir + ": install the PostgreSQL client tools there,"
              + " or point tools.binDir at the directory that holds " + program);
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (dir.isBlank()) {
        continue;
      }
      Path candidate = Path.of(dir).resolve(program);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    throw FailureType.TOOL_MISSING.failure(
        program + " not found on the worker's PATH: install the PostgreSQL client tools"
            + " (e.g. apt-get install postgresql-client) or set tools.binDir to the directory that holds " + program);
  }

  /** Runs {@code program --version}. */
  public ToolVersion version(String program) {
    Path path = locate(program);
    String output;
    try (ChildProcess p = ChildProcess.start(path, List.of("--version"), Map.of())) {
      p.stdin().close();
      CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.stdout()));
      output = new String(stdout.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
      int exit = p.waitFor();
      if (exit != 0) {
        throw FailureType.TOOL_MISSING.failure(
            path + " --version failed (exit status " + exit + "): " + p.stderr()
                + "; reinstall the PostgreSQL client tools or fix tools.binDir");
      }
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw FailureType.TOOL_MISSING.failure(
          "cannot run " + path + " --version (" + e.getMessage() + "); check it is a PostgreSQL client program"
              + " the worker may execute, or fix tools.binDir");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while running " + path + " --version");
    }
    return ToolVersion.parse(program, path, output).orElseThrow(() -> FailureType.TOOL_MISSING.failure(
        path + " --version printed '" + output + "', not a PostgreSQL version; point tools.binDir at the"
            + " PostgreSQL client tools"));
  }

  /**
   * pg_dump's version, checked against the server's: pg_dump dumps its own major version and older.
   *
   * @throws ApplicationFailure non-retryable "ClientTooOld" or "ToolMissing"
   */
  public ToolVersion pgDumpFor(ServerVersion server) {
    ToolVersion pgDump = version(PG_DUMP);
    if (pgDump.majorNum() < server.majorNum()) {
      throw FailureType.CLIENT_TOO_OLD.failure(
          pgDump.describe() + " is older than the server " + server.version() + ": install the PostgreSQL "
              + server.major() + " client tools or set tools.binDir");
    }
    return pgDump;
  }

  /**
   * Starts {@code program} without a shell.
   *
   * @throws ApplicationFailure non-retryable "ToolMissing" when it is missing or cannot be executed
   */
  public ChildProcess start(String program, List<String> arguments, Map<String, String> environment) {
    Path path = locate(program);
    try {
      return ChildProcess.start(path, arguments, environment);
    } catch (IOException e) {
      throw FailureType.TOOL_MISSING.failure(
          "cannot start " + path + " (" + e.getMessage() + "); check the PostgreSQL client tools are installed"
              + " and executable by the worker, or fix tools.binDir");
    }
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
