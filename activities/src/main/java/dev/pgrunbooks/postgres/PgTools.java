package dev.pgrunbooks.postgres;

import dev.pgrunbooks.config.RunbookConfig;
import dev.pgrunbooks.config.ToolsConfig;
import dev.pgrunbooks.runbook.ClientTool;
import dev.pgrunbooks.runbook.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Chooses pg_dump and pg_restore of the server's major version. pg_dump 17 and later write
 * {@code SET transaction_timeout = 0} into every dump, which servers of 16 and older reject, and a
 * pg_restore older than the archive cannot read it: a backup restores into the server it came from only
 * when the tools match that server. So each program is looked for in {@code tools.binDir}, then
 * {@code <tools.searchRoot>/<server major>/bin} (the Debian/PGDG layout), then the worker's PATH, and
 * the first one whose major version is the server's is used. When none is, the step is refused before it
 * does anything, naming the server's major, the tools found and where they were looked for. Only pg_dump
 * may be newer than the server, and only with {@code tools.allowNewerPgDump}.
 */
public final class PgTools {
  public static final String PG_DUMP = "pg_dump";
  public static final String PG_RESTORE = "pg_restore";
  public static final String PSQL = "psql";

  private final Path binDir;
  private final Path searchRoot;
  private final boolean allowNewerPgDump;
  private final String searchPath;

  /** @param searchPath the PATH to search last ({@link File#pathSeparator}-separated) */
  public PgTools(ToolsConfig tools, String searchPath) {
    this.binDir = tools.binDir() == null ? null : Path.of(tools.binDir()).toAbsolutePath();
    this.searchRoot = Path.of(tools.searchRoot()).toAbsolutePath();
    this.allowNewerPgDump = tools.allowNewerPgDump();
    this.searchPath = searchPath == null ? "" : searchPath;
  }

  /** Tools as configured, searching the worker's PATH last. */
  public static PgTools of(RunbookConfig config) {
    return new PgTools(config.tools(), System.getenv("PATH"));
  }

  /**
   * The pg_dump for {@code server}: of its major version; with {@code tools.allowNewerPgDump} the oldest
   * newer one when there is none of its major.
   *
   * @throws ApplicationFailure non-retryable "ToolMissing", "ClientTooOld" or "ClientToolsMismatch"
   */
  public ToolVersion pgDumpFor(ServerVersion server) {
    List<Found> found = find(PG_DUMP, server.major());
    Optional<ToolVersion> chosen = sameMajor(found, server.majorNum());
    if (chosen.isEmpty() && allowNewerPgDump) {
      chosen = oldestNewerThan(found, server.majorNum());
    }
    return chosen.orElseThrow(() -> refusal(PG_DUMP, server, found,
        "; or, if every restore of these backups goes to a server at least as new as the pg_dump found,"
            + " set tools.allowNewerPgDump: true"));
  }

  /**
   * The pg_restore for restoring into {@code server}: of its major version, never another (a newer one
   * emits settings an older server rejects, an older one cannot read newer archives).
   *
   * @throws ApplicationFailure non-retryable "ToolMissing", "ClientTooOld" or "ClientToolsMismatch"
   */
  public ToolVersion pgRestoreFor(ServerVersion server) {
    List<Found> found = find(PG_RESTORE, server.major());
    return sameMajor(found, server.majorNum()).orElseThrow(() -> refusal(PG_RESTORE, server, found, ""));
  }

  /**
   * The pg_restore for restoring archive {@code key} into {@code server}: as {@link #pgRestoreFor}, and the
   * archive must not come from a newer pg_dump than the server (it would not restore into it).
   */
  public ToolVersion pgRestoreFor(ServerVersion server, Optional<ArchiveHeader> archive, String key) {
    if (archive.isPresent() && archive.get().pgDumpMajorNum() > server.majorNum()) {
      ArchiveHeader head = archive.get();
      throw FailureType.CLIENT_TOOLS_MISMATCH.failure("backup " + key + " was made by pg_dump "
          + head.pgDumpVersion() + " and restores only into PostgreSQL " + head.pgDumpMajor() + " or newer, not"
          + " into this server " + server.version() + ": restore it into a newer server or pick a backup made"
          + " with pg_dump " + server.major());
    }
    return pgRestoreFor(server);
  }

  /**
   * A pg_restore that can read an archive (for {@code --list}): of the major of the pg_dump that wrote it,
   * else the oldest newer one; when the archive's head is unreadable, the newest found (pg_restore then
   * says what is wrong with it).
   */
  public ToolVersion pgRestoreToRead(Optional<ArchiveHeader> archive) {
    if (archive.isEmpty()) {
      List<Found> found = find(PG_RESTORE, null);
      return found.stream().filter(Found::usable).map(Found::version)
          .max(Comparator.comparingInt(ToolVersion::versionNum))
          .orElseThrow(() -> refusal(PG_RESTORE, null, found, ""));
    }
    ArchiveHeader head = archive.get();
    // Any installed major may read it, so every one is looked at, not only the archive's.
    List<Found> found = find(PG_RESTORE, null);
    return sameMajor(found, head.pgDumpMajorNum())
        .or(() -> oldestNewerThan(found, head.pgDumpMajorNum()))
        .orElseThrow(() -> FailureType.CLIENT_TOO_OLD.failure("no pg_restore can read an archive made by pg_dump "
            + head.pgDumpVersion() + ": found " + describe(found) + "; looked in " + places(null)
            + "; install the PostgreSQL " + head.pgDumpMajor() + " client tools (postgresql-client-"
            + head.pgDumpMajor() + ") or point tools.binDir at them"));
  }

  /**
   * Starts a chosen program without a shell.
   *
   * @throws ApplicationFailure non-retryable "ToolMissing" when it cannot be executed
   */
  public ChildProcess start(ToolVersion tool, List<String> arguments, Map<String, String> environment) {
    return start(tool, arguments, new ClientEnvironment(environment, Optional.empty(), Path.of(".")));
  }

  /**
   * Starts a chosen program without a shell, connected as {@code environment} says.
   *
   * @throws ApplicationFailure non-retryable "ToolMissing" when it cannot be executed
   */
  public ChildProcess start(ToolVersion tool, List<String> arguments, ClientEnvironment environment) {
    try {
      return ChildProcess.start(tool.path(), arguments, environment);
    } catch (IOException e) {
      throw FailureType.TOOL_MISSING.failure(
          "cannot start " + tool.path() + " (" + e.getMessage() + "); check the PostgreSQL client tools are"
              + " installed and executable by the worker, or fix tools.binDir");
    }
  }

  /**
   * The first {@code program} in the search order (binDir, every installed major newest first, PATH),
   * whatever its version: for tests that wrap the real tools.
   */
  public Path locate(String program) {
    return find(program, null).stream().map(Found::path).findFirst().orElseThrow(() ->
        FailureType.TOOL_MISSING.failure(program + " not found; looked in " + places(null)));
  }

  /** For reports and manifests. */
  public static ClientTool evidence(ToolVersion tool) {
    return new ClientTool(tool.program(), tool.version(), tool.path().toString());
  }

  // ---- looking ------------------------------------------------------------------------------

  /** An executable found, with the version it reported, or why it reported none. */
  record Found(Path path, ToolVersion version, String problem) {
    boolean usable() {
      return version != null;
    }

    String describe() {
      return usable() ? version.describe() : path + " (" + problem + ")";
    }
  }

  /**
   * Where {@code program} is looked for, in order: {@code tools.binDir}, {@code <searchRoot>/<major>/bin}
   * (every installed major when {@code major} is null, newest first), PATH.
   */
  Map<Path, String> directories(String major) {
    Map<Path, String> dirs = new LinkedHashMap<>();
    if (binDir != null) {
      dirs.put(binDir, "tools.binDir");
    }
    if (major != null) {
      dirs.putIfAbsent(searchRoot.resolve(major).resolve("bin"), "tools.searchRoot");
    } else {
      for (Path dir : installedMajors()) {
        dirs.putIfAbsent(dir, "tools.searchRoot");
      }
    }
    for (String dir : searchPath.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        dirs.putIfAbsent(Path.of(dir).toAbsolutePath(), "PATH");
      }
    }
    return dirs;
  }

  List<Found> find(String program, String major) {
    Set<Path> seen = new LinkedHashSet<>();
    List<Found> found = new ArrayList<>();
    for (Path dir : directories(major).keySet()) {
      Path candidate = dir.resolve(program).normalize();
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate) && seen.add(candidate)) {
        found.add(probe(program, candidate));
      }
    }
    return found;
  }

  private List<Path> installedMajors() {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> majors = Files.newDirectoryStream(searchRoot)) {
      for (Path major : majors) {
        if (Files.isDirectory(major.resolve("bin"))) {
          dirs.add(major.resolve("bin"));
        }
      }
    } catch (IOException notThere) {
      return List.of();
    }
    dirs.sort(Comparator.comparingDouble((Path p) -> majorOf(p.getParent())).reversed());
    return dirs;
  }

  private static double majorOf(Path dir) {
    try {
      return Double.parseDouble(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Runs {@code path --version}. */
  private static Found probe(String program, Path path) {
    String output;
    try (ChildProcess p = ChildProcess.start(path, List.of("--version"), Map.of())) {
      p.stdin().close();
      CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(p.stdout()));
      output = new String(stdout.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8).strip();
      int exit = p.waitFor();
      if (exit != 0) {
        return new Found(path, null, "--version failed with exit status " + exit);
      }
    } catch (IOException | ExecutionException | TimeoutException e) {
      return new Found(path, null, "cannot run --version: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FailureType.INTERRUPTED.failure("interrupted while running " + path + " --version");
    }
    String printed = output;
    return ToolVersion.parse(program, path, output).map(v -> new Found(path, v, null))
        .orElseGet(() -> new Found(path, null, "--version printed '" + firstLine(printed) + "'"));
  }

  // ---- choosing -----------------------------------------------------------------------------

  private static Optional<ToolVersion> sameMajor(List<Found> found, int majorNum) {
    return found.stream().filter(Found::usable).map(Found::version).filter(v -> v.majorNum() == majorNum).findFirst();
  }

  private static Optional<ToolVersion> oldestNewerThan(List<Found> found, int majorNum) {
    return found.stream().filter(Found::usable).map(Found::version).filter(v -> v.majorNum() > majorNum)
        .min(Comparator.comparingInt(ToolVersion::majorNum));
  }

  /** One line: the server's major, what was found, where it was looked for, what to do. */
  private ApplicationFailure refusal(String program, ServerVersion server, List<Found> found, String optIn) {
    String major = server == null ? null : server.major();
    String looked = "looked in " + places(major);
    String install = server == null
        ? "install the PostgreSQL client tools or point tools.binDir at them"
        : "install the PostgreSQL " + major + " client tools (postgresql-client-" + major
            + ") or point tools.binDir at them";
    if (found.stream().noneMatch(Found::usable)) {
      return FailureType.TOOL_MISSING.failure(program + " not found" + (server == null ? "" : " for server "
          + server.version()) + (found.isEmpty() ? "" : ": only " + describe(found)) + "; " + looked + "; " + install);
    }
    String message = "server " + server.version() + " is PostgreSQL " + major + " and needs " + program + " " + major
        + ", found " + describe(found) + "; " + looked + "; " + install + optIn;
    boolean allOlder = found.stream().filter(Found::usable).allMatch(f -> f.version().majorNum() < server.majorNum());
    return allOlder ? FailureType.CLIENT_TOO_OLD.failure(message) : FailureType.CLIENT_TOOLS_MISMATCH.failure(message);
  }

  private static String describe(List<Found> found) {
    return found.isEmpty() ? "none" : found.stream().map(Found::describe).collect(Collectors.joining(", "));
  }

  /** "tools.binDir /opt/pg, /usr/lib/postgresql/15/bin, PATH /usr/bin:/bin". */
  String places(String major) {
    Map<Path, String> dirs = directories(major);
    List<String> parts = new ArrayList<>();
    dirs.forEach((dir, source) -> {
      if (!source.equals("PATH")) {
        parts.add(source.equals("tools.binDir") ? "tools.binDir " + dir : dir.toString());
      }
    });
    if (major == null && dirs.values().stream().noneMatch("tools.searchRoot"::equals)) {
      parts.add(searchRoot + "/<major>/bin");
    }
    // PATH as the worker has it, even where it repeats a directory already named.
    parts.add("PATH " + (searchPath.isBlank() ? "(empty)" : searchPath));
    return String.join(", ", parts);
  }

  private static String firstLine(String text) {
    String line = text.lines().findFirst().orElse("");
    return line.length() > 120 ? line.substring(0, 120) + "…" : line;
  }

  private static byte[] readAll(InputStream in) {
    try {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
