package dev.pgrunbooks.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A libpq password file for one child process: created 0600 (libpq ignores a passfile others can
 * read) under {@code <workDir>/.pgpass}, unique per process, written and fsynced before the program
 * starts, deleted when it ends.
 */
final class PassFile implements AutoCloseable {
  private final Path path;

  private PassFile(Path path) {
    this.path = path;
  }

  static PassFile write(Path workDir, String line) throws IOException {
    Path dir = workDir.toAbsolutePath().normalize().resolve(".pgpass");
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path file = Files.createTempFile(dir, "pgpass-", "",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.write(file, List.of(line), StandardCharsets.UTF_8, StandardOpenOption.SYNC);
      return new PassFile(file);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  /**
   * The entry for one server and user, any database (a restore connects to the one it creates):
   * {@code :} and {@code \} escaped as libpq wants. A socket directory host also gets a
   * {@code localhost} entry, the name libpq matches for the default socket directory.
   */
  static String line(String host, int port, String user, String password) {
    String rest = ":" + port + ":*:" + escape(user) + ":" + escape(password);
    String line = escape(host) + rest;
    return host.startsWith("/") ? line + "\nlocalhost" + rest : line;
  }

  private static String escape(String field) {
    return field.replace("\\", "\\\\").replace(":", "\\:");
  }

  Path path() {
    return path;
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // The directory is private to the worker's user; a leftover is removed with the work dir.
    }
  }
}
