package dev.pgrunbooks.postgres;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client program and the version it reports.
 *
 * @param version e.g. "15.20"
 * @param versionNum comparable with the server's {@code server_version_num}
 */
public record ToolVersion(String program, Path path, String version, int versionNum) {
  private static final Pattern VERSION =
      Pattern.compile("\\(PostgreSQL\\)\\s+((\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?)");

  /** Parses {@code pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)}. */
  static Optional<ToolVersion> parse(String program, Path path, String versionOutput) {
    Matcher m = VERSION.matcher(versionOutput);
    if (!m.find()) {
      return Optional.empty();
    }
    int major = Integer.parseInt(m.group(2));
    int minor = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
    int patch = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    return Optional.of(new ToolVersion(program, path, m.group(1), PgVersions.versionNum(major, minor, patch)));
  }

  /** "15", or "9.6": what an operator installs. */
  public String major() {
    return PgVersions.majorLabel(versionNum);
  }

  public int majorNum() {
    return PgVersions.majorNum(versionNum);
  }

  /** "pg_dump 15.20 (/usr/bin/pg_dump)", for messages. */
  public String describe() {
    return program + " " + version + " (" + path + ")";
  }
}
