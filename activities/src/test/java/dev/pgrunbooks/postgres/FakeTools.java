package dev.pgrunbooks.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Directories of shell scripts standing in for PostgreSQL client programs of a chosen version. */
public final class FakeTools {
  private FakeTools() {}

  /**
   * {@code program} in {@code dir} that reports {@code version} for {@code --version} and fails loudly
   * when run any other way: a test using it proves it was never chosen.
   */
  public static Path reporting(Path dir, String program, String version) {
    return script(dir, program, """
        if [ "$1" = "--version" ]; then echo '%1$s (PostgreSQL) %2$s'; exit 0; fi
        echo "fake %1$s %2$s must not run: $*" >&2
        exit 99""".formatted(program, version));
  }

  /** {@code program} that reports {@code version} but does its work with the real one at {@code real}. */
  public static Path delegating(Path dir, String program, String version, Path real) {
    return script(dir, program, """
        if [ "$1" = "--version" ]; then echo '%1$s (PostgreSQL) %2$s'; exit 0; fi
        exec '%3$s' "$@\"""".formatted(program, version, real));
  }

  /** pg_dump, pg_restore and psql of {@code version} in {@code dir}, none of which may run. */
  public static Path all(Path dir, String version) {
    for (String program : new String[] {PgTools.PG_DUMP, PgTools.PG_RESTORE, PgTools.PSQL}) {
      reporting(dir, program, version);
    }
    return dir;
  }

  private static Path script(Path dir, String name, String body) {
    try {
      Files.createDirectories(dir);
      Path file = dir.resolve(name);
      Files.writeString(file, "#!/bin/sh\n" + body + "\n");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
